"""The language of softsym: its functions, its symbols and the safe text parser."""

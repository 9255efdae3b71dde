"""The trusted kernel: the only code that can make a :class:`~softsym.kernel.proof.Proof`."""

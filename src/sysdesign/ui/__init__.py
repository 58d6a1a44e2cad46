"""The only code that touches the terminal."""

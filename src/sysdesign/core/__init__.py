"""Pure logic: no terminal, no clock, no disk."""

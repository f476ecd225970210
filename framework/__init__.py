"""Exception triage: the five-point framework as a pure-Python engine (no UI code here)."""

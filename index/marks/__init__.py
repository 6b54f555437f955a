"""The user's own data and catching up: marks, sync between machines, what is new, picks, the digest."""

"""Small plain classes of view logic (no Textual), each tested without the app."""

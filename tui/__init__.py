"""dailypapers' reader: the Textual app over the index/ engine."""

"""Sample exception logs and the generator that writes them (`data/generate_samples.py`)."""

"""Pack formats: the TOML format's schema and validation, and importers/exporters."""

"""YAML content -> validated, frozen model. Pure: reads files, never writes user data
except the parse cache handed to it."""

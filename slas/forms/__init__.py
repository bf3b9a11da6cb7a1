"""The slas app's forms, one module per part."""

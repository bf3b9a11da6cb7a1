"""The 32 London boroughs and their Community and Police Engagement Groups."""

"""Where each therapy can legally be had: rules by jurisdiction, notices, crisis lines."""

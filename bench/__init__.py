"""The benchmark harness behind ``make bench``: measures the search path, changes nothing."""

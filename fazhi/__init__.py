"""fazhi: the archive of Chinese governments' annual rule-of-law reports (command-line entry)."""

"""The staff groups Meridian's features refer to by name."""

CLINICAL_REVIEWERS = "Clinical reviewers"

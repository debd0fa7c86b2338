"""Production and multi-node pieces: the Varnish VCL, the Procfile and ``make stack``."""

"""One converter per format: bytes in, the stored text and its blocks out (`Parsed`)."""

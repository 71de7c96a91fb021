//! The `arrc` command line, as a library module so that it can be tested in-process.

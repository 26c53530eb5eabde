#pragma once

namespace oversight {

// Parses the command line, runs the command (or opens the window) and returns the exit code:
// 0 ok, 1 error (message on stderr), 2 usage.
int runCli(int argc, char *argv[]);

} // namespace oversight

// Oversight: one binary for the window and for headless work on the command line.
#include "cli.h"

int main(int argc, char *argv[])
{
    return oversight::runCli(argc, argv);
}

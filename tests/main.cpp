/// Catch2 v2 main: Debian's catch2 package ships only the header, so the runner is defined here.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

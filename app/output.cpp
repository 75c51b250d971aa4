#include "app/command.hpp"
#include "common/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace nnft::app {

std::string read_text_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(std::string("cannot read ") + what + " '" + path + "': check the path");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void add_always_json_flag(CLI::App* sub) {
    static bool given = false;  // never read: the output is JSON either way
    sub->add_flag("--json", given, "Accepted for consistency: this command always writes one JSON document");
}

void check_output_path(const std::string& path) {
    if (path.empty() || path == "-") return;
    namespace fs = std::filesystem;
    const fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec))
        throw Error("--out '" + path + "' is a folder: give a file name (e.g. " + (p / "result.json").string() + ")");
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    if (!fs::is_directory(dir, ec))
        throw Error("cannot write '" + path + "': the folder '" + dir.string() +
                    "' does not exist; create it or choose another --out (checked before any work)");
    if (::access(dir.c_str(), W_OK) != 0)
        throw Error("cannot write '" + path + "': the folder '" + dir.string() + "' is not writable; choose another --out");
}

void write_output(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::cout << text;
        std::cout.flush();
        return;
    }
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write '" + tmp + "': check that the folder exists and is writable");
        out << text;
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw Error("writing '" + tmp + "' failed (disk full?); '" + path + "' was left untouched");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error("cannot move the result into '" + path + "': check permissions of its folder");
    }
}

}  // namespace nnft::app

#include "app/command.hpp"
#include "common/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace nnft::app {

std::string read_text_file(const std::string& path, const char* what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(std::string(what) + " '" + path + "' is a folder: give the file inside it");
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

namespace {

// Whether a file can be created in `dir`: access() says yes to root everywhere (even in /proc), so a scratch file
// is made and removed.
bool can_create_in(const std::filesystem::path& dir) {
    if (::access(dir.c_str(), W_OK) != 0) return false;
    std::string probe = (dir / ".nnft-probe-XXXXXX").string();
    const int fd = ::mkstemp(probe.data());
    if (fd < 0) return false;
    ::close(fd);
    std::remove(probe.c_str());
    return true;
}

}  // namespace

void check_output_path(const std::string& path, const char* option) {
    if (path.empty() || path == "-") return;
    namespace fs = std::filesystem;
    const fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec))
        throw Error(std::string(option) + " '" + path + "' is a folder: give a file name (e.g. " + (p / "result.json").string() + ")");
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    if (!fs::is_directory(dir, ec))
        throw Error("cannot write '" + path + "': the folder '" + dir.string() + "' does not exist; create it or choose another " +
                    option + " (checked before any work)");
    if (!can_create_in(dir))
        throw Error("cannot write '" + path + "': the folder '" + dir.string() + "' is not writable; choose another " + option);
}

void check_report_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path missing;  // the outermost folder of `dir` that does not exist yet: created for the probe, then removed
    for (fs::path p = fs::path(dir).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        missing = p;
        if (p == p.parent_path()) break;
    }
    fs::create_directories(dir, ec);
    const bool ok = !ec && fs::is_directory(dir, ec) && can_create_in(dir);
    if (!missing.empty()) fs::remove_all(missing, ec);  // nothing is left behind by the check (nor by a refusal)
    if (!ok)
        throw Error("cannot create the report folder '" + dir + "': choose a writable --out folder (checked before any work)");
}

AtomicOutput::AtomicOutput(const std::string& path) : path_(path) {
    if (path.empty() || path == "-") return;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_symlink(path, ec)) path_ = fs::weakly_canonical(path, ec).string();  // replace the target, keep the link
    if (path_.empty()) path_ = path;
    tmp_ = path_ + ".tmp." + std::to_string(::getpid());
    file_ = std::make_unique<std::ofstream>(tmp_, std::ios::binary | std::ios::trunc);
    if (!*file_) throw Error("cannot write '" + tmp_ + "': check that the folder exists and is writable");
}

AtomicOutput::~AtomicOutput() {
    if (file_ && !committed_) {
        file_.reset();
        std::remove(tmp_.c_str());
    }
}

std::ostream& AtomicOutput::stream() { return file_ ? static_cast<std::ostream&>(*file_) : std::cout; }

void AtomicOutput::commit() {
    stream().flush();
    if (!file_) return;
    if (!*file_) {
        file_.reset();
        std::remove(tmp_.c_str());
        throw Error("writing '" + tmp_ + "' failed (disk full?); '" + path_ + "' was left untouched");
    }
    file_->close();
    committed_ = true;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status old = fs::status(path_, ec);  // an existing file keeps its permission bits
    if (!ec && fs::is_regular_file(old)) fs::permissions(tmp_, old.permissions(), ec);
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
        std::remove(tmp_.c_str());
        throw Error("cannot move the result into '" + path_ + "': check permissions of its folder");
    }
}

std::unique_ptr<std::fstream> AtomicOutput::scratch() const {
    namespace fs = std::filesystem;
    const fs::path dir = file_ ? (fs::path(path_).parent_path().empty() ? fs::path(".") : fs::path(path_).parent_path())
                               : fs::temp_directory_path();
    std::string name = (dir / "nnft-spool-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw Error("cannot create a scratch file in '" + dir.string() + "': check that it is writable");
    ::close(fd);
    auto f = std::make_unique<std::fstream>(name, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
    std::remove(name.c_str());  // the open stream keeps the data; nothing is left behind
    if (!*f) throw Error("cannot open the scratch file '" + name + "'");
    return f;
}

void write_output(const std::string& path, const std::string& text) {
    AtomicOutput out(path);
    out.stream() << text;
    out.commit();
}

}  // namespace nnft::app

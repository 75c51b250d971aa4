#include "app/mpi_session.hpp"

#include "common/error.hpp"

#include <cstdlib>

#ifdef NNFT_HAVE_MPI
#include "app/mpi/mpi_module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#endif

namespace nnft::app {

#ifdef NNFT_HAVE_MPI
namespace {

/// The folder of the running binary (from /proc/self/exe), "" when unknown.
std::string exe_dir() {
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    const std::string path(buf, static_cast<std::size_t>(n));
    return path.substr(0, path.find_last_of('/'));
}

/// Load nnft_mpi.so (next to the binary, or in <libdir>/nnft relative to the installed binary) once.
const NnftMpiApi& mpi_module() {
    static const NnftMpiApi* api = nullptr;
    if (api) return *api;
    const std::string dir = exe_dir();
    std::string errors;
    for (const std::string& path : {dir + "/" + kNnftMpiModule, dir + "/" NNFT_MPI_MODULE_FROM_BINDIR "/" + kNnftMpiModule}) {
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            errors += std::string("\n  ") + dlerror();
            continue;
        }
        using Entry = const NnftMpiApi* (*)();
        const auto entry = reinterpret_cast<Entry>(dlsym(handle, "nnft_mpi_api"));
        if (entry && entry()->abi == kNnftMpiAbi) return *(api = entry());
        errors += "\n  " + path + ": not an nnft MPI module of this version";
    }
    throw Error("started by mpirun, but nnft's MPI module " + std::string(kNnftMpiModule) + " could not be loaded:" +
                errors + "\nreinstall nnft (the module belongs next to the binary or in <libdir>/nnft), or run without mpirun");
}

}  // namespace
#endif

MpiSession::MpiSession() {
#ifdef NNFT_HAVE_MPI
    if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMI_SIZE"))
        return;
    int started = 0;
    if (mpi_module().start(&rank_, &size_, &started) != 0)
        throw Error("started by mpirun, but MPI could not be initialised: check the mpirun installation");
    started_ = started != 0;
#endif
}

MpiSession::~MpiSession() {
#ifdef NNFT_HAVE_MPI
    if (started_)
        mpi_module().finish();
#endif
}

std::vector<std::string> MpiSession::gather(const std::string& text) const {
    if (size_ == 1)
        return {text};
#ifdef NNFT_HAVE_MPI
    const NnftMpiApi& mpi = mpi_module();
    std::vector<long long> lengths(static_cast<std::size_t>(size_));
    mpi.gather_lengths(static_cast<long long>(text.size()), lengths.data());
    std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    long long total = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
        if (lengths[r] > 2000000000LL || total > 2000000000LL)
            throw Error("the accumulator state is too large to gather over MPI: use --shard i/n and nnft merge");
        counts[r] = static_cast<int>(lengths[r]);
        offsets[r] = static_cast<int>(total);
        total += lengths[r];
    }
    std::string all(rank_ == 0 ? static_cast<std::size_t>(total) : 0, '\0');
    mpi.gather_text(text.data(), static_cast<int>(text.size()), all.data(), counts.data(), offsets.data());
    std::vector<std::string> out;
    if (rank_ == 0)
        for (std::size_t r = 0; r < counts.size(); ++r)
            out.push_back(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(counts[r])));
    return out;
#else
    return {text};
#endif
}

}  // namespace nnft::app

#include "app/mpi_session.hpp"

#include "common/error.hpp"

#include <cstdlib>

#ifdef NNFT_HAVE_MPI
#include <mpi.h>
#endif

namespace nnft::app {

MpiSession::MpiSession() {
#ifdef NNFT_HAVE_MPI
    if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMI_SIZE"))
        return;
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
        started_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

MpiSession::~MpiSession() {
#ifdef NNFT_HAVE_MPI
    if (started_)
        MPI_Finalize();
#endif
}

std::vector<std::string> MpiSession::gather(const std::string& text) const {
    if (size_ == 1)
        return {text};
#ifdef NNFT_HAVE_MPI
    const auto length = static_cast<long long>(text.size());
    std::vector<long long> lengths(static_cast<std::size_t>(size_));
    MPI_Gather(&length, 1, MPI_LONG_LONG, lengths.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
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
    MPI_Gatherv(text.data(), static_cast<int>(text.size()), MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR,
                0, MPI_COMM_WORLD);
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

// Bad paths for every reader and writer (NPY, CSV, HDF5, ht::load, ht::save):
// a directory, a missing file, an empty file, a FIFO (must not block), a
// character device, a symbolic-link loop, a missing parent folder (writers)
// and a file truncated between the open and the read (readers). Each must
// throw IOError on every rank with the same message, naming the path and
// saying what is wrong; then the communicator must still give right answers.
// Registered at np = 1..4.
#include "support/testing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <tuple>
#include <typeinfo>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// The scratch folder and the bad paths in it (made by rank 0, seen by all).
struct bad_paths {
  std::string dir, missing_parent;
  bad_paths() {
    dir = ht::testing::scratch_path("bad-paths");
    missing_parent = dir + "/no-such-folder";
    const auto world = ht::comm_world();
    if (world.rank() == 0) {
      fs::create_directories(dir);
      for (const char* ext : {"npy", "csv", "h5"}) {
        fs::create_directories(dir + "/folder." + ext);
        std::ofstream(dir + "/empty." + ext).flush();
        mkfifo((dir + "/fifo." + ext).c_str(), 0600);
        fs::create_symlink("/dev/null", dir + "/null." + ext);
        // a -> b -> a
        fs::create_symlink(dir + "/loop-b." + ext, dir + "/loop-a." + ext);
        fs::create_symlink(dir + "/loop-a." + ext, dir + "/loop-b." + ext);
      }
    }
    world.barrier();
  }
  ~bad_paths() {
    ht::comm_world().barrier();
    if (ht::comm_world().rank() == 0) fs::remove_all(dir);
  }
};

/// What one case expects: the path in the message and a phrase that says
/// what is wrong.
struct expectation {
  std::string path, phrase;
};

/// Runs f on every rank: IOError (exactly) with one message on every rank,
/// containing path and phrase, then a collective with a known answer.
bool io_error_everywhere(const std::function<void()>& f, const expectation& e, std::string& report,
                         const std::string& label) {
  const auto world = ht::comm_world();
  std::string type = "(nothing thrown)", message;
  try {
    f();
  } catch (const std::exception& ex) {
    type = typeid(ex).name();
    message = ex.what();
  }
  const bool right = type == typeid(ht::IOError).name() && message.find(e.path) != std::string::npos &&
                     message.find(e.phrase) != std::string::npos;
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(type + '\n' + message) >> 1);
  const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
  const bool ok = ht::testing::all_ranks(right && same);
  // The next collective gives the right answer.
  const bool alive = ht::sum(ht::ones<double>({5}, 0)).item() == 5.0 &&
                     ht::testing::all_ranks(ht::sum(ht::arange<double>(0, 7, 1, 0)).item() == 21.0);
  if (!ok || !alive)
    report += label + ": threw " + type + " \"" + message + "\" (expected IOError naming '" + e.path + "' with '" +
              e.phrase + "'" + (same ? "" : ", ranks disagree") + (alive ? "" : ", collective broken") + ")\n";
  return ok && alive;
}

using reader = std::function<void(const std::string&)>;
using writer = std::function<void(const std::string&)>;

/// The readers by format extension; ht::load for each format too.
std::vector<std::pair<std::string, reader>> readers(const std::string& ext) {
  std::vector<std::pair<std::string, reader>> out;
  if (ext == "npy") out.emplace_back("load_npy", [](const std::string& p) { ht::load_npy<double>(p, 0); });
  if (ext == "csv") out.emplace_back("load_csv", [](const std::string& p) { ht::load_csv<double>(p, 0); });
#ifdef HEAT_HAVE_HDF5
  if (ext == "h5") out.emplace_back("load_hdf5", [](const std::string& p) { ht::load_hdf5<double>(p, "data", 0); });
#endif
  out.emplace_back("ht::load", [](const std::string& p) { ht::load<double>(p, 0); });
  return out;
}

std::vector<std::pair<std::string, writer>> writers(const std::string& ext) {
  const auto x = ht::arange<double>(0, 10, 1, 0);
  std::vector<std::pair<std::string, writer>> out;
  if (ext == "npy") out.emplace_back("save_npy", [x](const std::string& p) { ht::save_npy(x, p); });
  if (ext == "csv") out.emplace_back("save_csv", [x](const std::string& p) { ht::save_csv(x, p); });
#ifdef HEAT_HAVE_HDF5
  if (ext == "h5") out.emplace_back("save_hdf5", [x](const std::string& p) { ht::save_hdf5(x, p, "data"); });
#endif
  out.emplace_back("ht::save", [x](const std::string& p) { ht::save(x, p); });
  return out;
}

std::vector<std::string> formats() {
#ifdef HEAT_HAVE_HDF5
  return {"npy", "csv", "h5"};
#else
  return {"npy", "csv"};
#endif
}

}  // namespace

TEST_CASE("every reader refuses bad paths with one IOError on every rank", "[errors][io][paths]") {
  const bad_paths b;
  std::string report;
  bool ok = true;
  for (const auto& ext : formats()) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {b.dir + "/folder." + ext, "is a directory"},     {b.dir + "/missing." + ext, "no such file"},
        {b.dir + "/empty." + ext, "the file is empty"},   {b.dir + "/fifo." + ext, "FIFO"},
        {b.dir + "/null." + ext, "character device"},     {b.dir + "/loop-a." + ext, "symbolic link loop"},
        {b.missing_parent + "/x." + ext, "no such file"},
    };
    // (No structured bindings in the lambdas: clang 14 cannot capture them.)
    for (const auto& reader : readers(ext))
      for (const auto& c : cases)
        ok = io_error_everywhere([&] { reader.second(c.first); }, {c.first, c.second}, report,
                                 reader.first + "(" + c.first + ")") &&
             ok;
  }
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("every writer refuses bad paths with one IOError on every rank", "[errors][io][paths]") {
  const bad_paths b;
  std::string report;
  bool ok = true;
  for (const auto& ext : formats()) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {b.dir + "/folder." + ext, "is a directory"},
        {b.dir + "/fifo." + ext, "FIFO"},
        {b.dir + "/null." + ext, "character device"},
        {b.dir + "/loop-a." + ext, "symbolic link loop"},
        {b.missing_parent + "/x." + ext, "folder '" + b.missing_parent + "' does not exist"},
    };
    for (const auto& writer : writers(ext))
      for (const auto& c : cases)
        ok = io_error_everywhere([&] { writer.second(c.first); }, {c.first, c.second}, report,
                                 writer.first + "(" + c.first + ")") &&
             ok;
  }
  INFO(report);
  REQUIRE(ok);
}

namespace {
/// The test hook: every rank truncates the file it has just opened (as
/// another process could), keeping `keep` bytes.
std::int64_t keep_bytes = 0;
void truncate_after_open(const std::string& path) {
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) truncate(path.c_str(), keep_bytes);
  ht::comm_world().barrier();
}
}  // namespace

TEST_CASE("a file truncated between the open and the read is an IOError on every rank", "[errors][io][paths]") {
  const bad_paths b;
  // 40 x 3 values: every rank reads rows past the first bytes.
  const auto x = ht::reshape(ht::arange<double>(0, 120, 1, 0), {40, 3});
  std::string report;
  bool ok = true;
  const std::vector<std::tuple<std::string, std::int64_t, std::function<void(const std::string&)>>> cases = {
      // NPY: the header survives (128 bytes), the data does not.
      {"npy", 128, [](const std::string& p) { ht::load_npy<double>(p, 0); }},
      {"npy", 0, [](const std::string& p) { ht::load_npy<double>(p, 0); }},
      {"csv", 20, [](const std::string& p) { ht::load_csv<double>(p, 0); }},
      {"csv", 0, [](const std::string& p) { ht::load_csv<double>(p, 0); }},
#ifdef HEAT_HAVE_HDF5
      // HDF5 reads zeros past the end: the reader compares the file's size.
      {"h5", 1000, [](const std::string& p) { ht::load_hdf5<double>(p, "data", 0); }},
#endif
  };
  for (const auto& c : cases) {
    const std::string& ext = std::get<0>(c);
    const std::int64_t keep = std::get<1>(c);
    const auto& read = std::get<2>(c);
    const std::string path = b.dir + "/shrinking." + ext;
    ht::save(x, path);
    // Cut before the open, a binary file is refused at once and says so (a
    // cut CSV is a shorter CSV, or a short row: ValueError).
    if (ext != "csv" && keep > 0) {
      ht::comm_world().barrier();
      if (ht::comm_world().rank() == 0) truncate(path.c_str(), keep);
      ht::comm_world().barrier();
      ok = io_error_everywhere([&] { read(path); },
                               {path, ext == "npy" ? "truncated: the header promises" : "truncated file"}, report,
                               "short " + ext + " (" + std::to_string(keep) + " bytes)") &&
           ok;
      ht::save(x, path);
    }
    keep_bytes = keep;
    ht::detail::io::test_hooks().after_open = &truncate_after_open;
    ok = io_error_everywhere([&] { read(path); }, {path, "did the file shrink"}, report,
                             "truncated " + ext + " (" + std::to_string(keep) + " bytes kept)") &&
         ok;
    ht::detail::io::test_hooks().after_open = nullptr;
  }
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("the directory-as-CSV case of issue 18: IOError everywhere, then right sums", "[errors][io][paths]") {
  // A mistyped folder name read as CSV: std::bad_alloc on some ranks and
  // IOError on others before, and the next sum came back 2 on rank 0 and 1
  // on rank 2.
  const bad_paths b;
  bool threw = false;
  try {
    ht::load_csv<double>(b.dir + "/folder.csv", 0);
  } catch (const ht::IOError&) {
    threw = true;
  }
  const double total = ht::sum(ht::ones<double>({5}, 0)).item();
  REQUIRE(ht::testing::all_ranks(threw && total == 5.0));
}

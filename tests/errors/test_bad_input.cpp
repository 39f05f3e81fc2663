// The bad-input table: for every public function family, wrong inputs that
// must throw one exact exception type with one message on every rank, after
// which the communicator still works. Registered at np = 1, 2, 3 and 5; the
// arrays are small, so some ranks hold no rows at 3 and 5 ranks.
#include "support/testing.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

struct inputs;

struct bad_input {
  const char* family;
  const char* what;
  const std::type_info& expected;
  std::function<void(const inputs&)> call;
};

/// What each case's message must say (checked for truth, not only for its
/// type): a phrase of the message, by the case's `what`.
const std::map<std::string, std::string>& says() {
  static const std::map<std::string, std::string> m = {
      {"zeros with a negative extent", "negative extent in shape (-1, 3)"},
      {"split axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"negative split axis past the dimensions", "axis -2 is out of bounds for array of dimension 1"},
      {"0-d array split", "axis 0 is out of bounds for array of dimension 0"},
      {"more dimensions than max_ndim", "has 9 dimensions; at most 8 are supported"},
      {"arange with step 0", "arange: step must not be zero"},
      {"linspace with a negative count", "linspace: number of samples, -1, must be non-negative"},
      {"logspace with a negative count", "logspace: number of samples, -5, must be non-negative"},
      {"eye of three dimensions", "eye: shape must be two-dimensional, got (2, 2, 2)"},
      {"array split along an axis it lacks", "axis 1 is out of bounds for array of dimension 1"},
      {"rand with a negative extent", "negative extent in shape (4, -1)"},
      {"randint with low >= high", "randint: low (5) must be below high (5)"},
      {"randperm of a negative length", "randperm needs n >= 0, got -3"},
      {"resplit_ to an axis it lacks", "axis 3 is out of bounds for array of dimension 2"},
      {"resplit to a negative axis it lacks", "axis -3 is out of bounds for array of dimension 2"},
      {"item of a 12-element array", "exactly one element, it has shape (12,)"},
      {"counts_displs of a replicated array", "not distributed (split=None)"},
      {"shapes that do not broadcast", "could not be broadcast together with shapes (3, 4) (5,)"},
      {"compound assignment that would grow the target",
       "cannot write a result of shape (3, 4) into an array of shape (3, 1)"},
      {"where with shapes that do not broadcast", "could not be broadcast together with shapes (3, 4) (5,)"},
      {"arctan2 with shapes that do not broadcast", "could not be broadcast together with shapes (3,) (5,)"},
      {"minimum with shapes that do not broadcast", "could not be broadcast together with shapes (3,) (5,)"},
      {"eval of shapes that do not broadcast", "could not be broadcast together with shapes (3,) (5,)"},
      {"sum along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"sum along a negative axis past the dimensions", "axis -3 is out of bounds for array of dimension 2"},
      {"sum along a repeated axis", "duplicate value in 'axis'"},
      {"mean along an axis past the dimensions", "axis 5 is out of bounds for array of dimension 2"},
      {"min of an empty array", "zero-size array to reduction operation minimum which has no identity"},
      {"max of an empty array", "zero-size array to reduction operation maximum which has no identity"},
      {"argmin of an empty array", "zero-size array to reduction operation argmin which has no identity"},
      {"argmax along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"var along an axis past the dimensions", "axis 3 is out of bounds for array of dimension 2"},
      {"allclose of shapes that do not broadcast", "could not be broadcast together with shapes (3,) (5,)"},
      {"cumsum along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"cumprod along a negative axis past the dimensions", "axis -2 is out of bounds for array of dimension 1"},
      {"reshape to another size", "cannot reshape array of size 12 into shape (5, 2)"},
      {"reshape with two unknown extents", "can only specify one unknown dimension"},
      {"transpose with a repeated axis", "repeated axis in transpose"},
      {"transpose with too few axes", "axes don't match array: 1 axes for 2 dimensions"},
      {"squeeze an axis of length 4", "cannot select an axis to squeeze out which has size not equal to one"},
      {"expand_dims past the new dimensions", "axis 4 is out of bounds for array of dimension 3"},
      {"concatenate of different column counts", "must match exactly: (3, 4) and (2, 3) along axis 0"},
      {"concatenate of nothing", "need at least one array to concatenate"},
      {"concatenate along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"stack of different shapes", "all input arrays must have the same shape: (3,) and (5,)"},
      {"flip along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"pad with a negative width", "pad widths must be non-negative"},
      {"pad with widths for three axes of two", "pad_width needs one pair per axis (2) or one pair for all, got 3"},
      {"diff of negative order", "order must be non-negative but got -1"},
      {"tril of a 0-d array", "tril needs at least one dimension"},
      {"matmul of stacks whose batches do not broadcast", "operands could not be broadcast together"},
      {"sort along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"argsort along a negative axis past the dimensions", "axis -2 is out of bounds for array of dimension 1"},
      {"element past the end", "index 12 is out of bounds for axis 0 with size 12"},
      {"element before the start", "index -13 is out of bounds for axis 0 with size 12"},
      {"two indices into a 1-d array", "array is 1-dimensional, but 2 indices were given"},
      {"one index into a 2-d array", "array is 2-dimensional, but 1 index was given"},
      {"view with more slices than dimensions",
       "too many indices for array: array is 1-dimensional, but 2 were indexed"},
      {"mask of another shape", "shape (3, 4) but mask shape (5,)"},
      {"assignment of a shape that does not fit the slice",
       "cannot write a result of shape (5,) into an array of shape (2, 4)"},
      {"matmul of 3x4 by 5", "mismatch in the inner dimension: (3, 4) @ (5,) (4 != 5)"},
      {"matmul of 3x4 by 3x4", "mismatch in the inner dimension: (3, 4) @ (3, 4) (4 != 3)"},
      {"dot of vectors of different lengths", "dot: shapes (3,) and (5,) not aligned: 3 (dim 0) != 5 (dim 0)"},
      {"norm along an axis past the dimensions", "axis 2 is out of bounds for array of dimension 2"},
      {"qr of a 3-d array", "qr needs a 2-D array, got (2, 2, 2)"},
      {"trace of a 1-d array", "trace needs a 2-D array, got (3,)"},
      {"cdist of 2 against 4 features", "cdist: X and Y have different numbers of features: (4, 2) and (3, 4)"},
      {"manhattan of a 1-d array", "manhattan needs 2-D arrays, got (3,) and (4, 2)"},
      {"nearest with no centres", "nearest: no centres"},
      {"load_npy of a missing file", "/missing.npy: cannot read: no such file"},
      {"load_npy of a file without the magic string", "/magic.npy: not a NumPy .npy file (bad magic)"},
      {"load_npy split along an axis it lacks", "axis 1 is out of bounds for array of dimension 1"},
      {"load_csv of a missing file", "/missing.csv: cannot read: no such file"},
      {"load_csv with a cell that is not a number", "/cell.csv, line 2, field 2: 'x' is not a valid float64"},
      {"load_csv with a short row", "/short.csv, line 2: 2 fields, expected 3"},
      {"save_csv of a 3-d array", "save_csv writes 1-D or 2-D arrays, got (2, 2, 2)"},
      {"save_npy into a missing directory", "/missing/x.npy: cannot write: the folder '"},
      {"load of an unknown extension", "/data.txt: unknown file extension 'txt'"},
      {"load_hdf5 of a missing file", "/missing.h5: cannot read: no such file"},
      {"load_hdf5 of a file that is not HDF5", "/data.txt: cannot open as an HDF5 file: file signature not found"},
      {"load_hdf5 of a missing dataset", "/good.h5: no dataset 'nope'"},
      {"KMeans with n_clusters 0", "n_clusters must be in [1, 2^31 - 1], got 0"},
      {"KMeans with more clusters than samples", "n_clusters (5) is larger than the number of samples (4)"},
      {"KMeans on data with NaN", "KMeans.fit: X holds nan at row 1, column 1"},
      {"KMeans on values whose distances overflow",
       "KMeans.fit: X holds values up to 1e+200 in magnitude: distances between its rows overflow float64"},
      {"KMeans on a 1-d array", "KMeans.fit needs a 2-D array (samples x features), got shape (3,)"},
      {"KMeans with an unknown init", "got \"bogus\""},
      {"KMeans with given centres of the wrong shape", "init: the given centres are (3, 2), expected (2, 2)"},
      {"KMeans predict before fit", "this estimator is not fitted yet: call fit first"},
      {"KMeans predict with another feature count", "predict: X has shape (3, 4), the centres have 2 features"},
      {"KMedians on data with NaN", "KMedians.fit: X holds nan at row 1, column 1"},
      {"KMedoids with n_clusters -1", "n_clusters must be in [1, 2^31 - 1], got -1"},
      {"Lasso with X and y of different lengths", "Lasso.fit: X has 4 samples, y has 3"},
      {"Lasso with NaN in y", "Lasso.fit: y holds nan at row 2"},
      {"Lasso with NaN in X", "Lasso.fit: X holds nan at row 1, column 1"},
      {"Lasso on finite values whose column sums overflow",
       "Lasso.fit: the values of column 1 of X overflow float64 when summed"},
      {"Lasso on finite values whose squares overflow", "Lasso.fit: the squares of column 0 of X overflow float64"},
      {"Lasso with a negative lam", "lam must be non-negative, got -1"},
      {"Lasso with an unknown solver", "solver must be \"auto\", \"gram\" or \"residual\", got \"newton\""},
      {"Lasso predict before fit", "this estimator is not fitted yet: call fit first"},
      {"Lasso coef before fit", "this estimator is not fitted yet: call fit first"},
      {"Lasso on a 1-d X", "Lasso.fit: X must be 2-D (samples x features), got shape (3,)"},
  };
  return m;
}

/// Runs one case: the exact type and the message of what each rank threw,
/// agreed over all ranks, then a collective to show the communicator works;
/// what went wrong goes to `report`.
bool same_error_everywhere(const bad_input& c, const inputs& in, std::string& report) {
  const auto world = ht::comm_world();
  std::string type = "(nothing thrown)", message;
  try {
    c.call(in);
  } catch (const std::exception& e) {
    type = typeid(e).name();
    message = e.what();
  } catch (...) {
    type = "(not a std::exception)";
  }
  const auto phrase = says().find(c.what);
  const bool right_type = type == c.expected.name() && !message.empty() && phrase != says().end() &&
                          message.find(phrase->second) != std::string::npos;
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(type + '\n' + message) >> 1);
  const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
  const bool ok = ht::testing::all_ranks(right_type && same);
  // The communicator still works: a sum every rank takes part in.
  const bool alive = ht::allreduce(world, std::int64_t{1}, ht::reduce_op::sum) == world.size();
  if (!ok || !alive)
    report += std::string(c.family) + ": " + c.what + ": threw " + type + " \"" + message + "\" (expected " +
              c.expected.name() + " saying \"" + (phrase == says().end() ? "(no phrase listed)" : phrase->second) +
              "\"" + (same ? "" : ", ranks disagree") + ")\n";
  return ok && alive;
}

/// Files the I/O cases read: written by rank 0, seen by every rank.
struct scratch_files {
  std::string dir, bad_csv, short_csv, bad_npy, npy, h5, text;
  scratch_files() {
    dir = ht::testing::scratch_path("bad-input");
    bad_csv = dir + "/cell.csv";
    short_csv = dir + "/short.csv";
    bad_npy = dir + "/magic.npy";
    npy = dir + "/good.npy";
    h5 = dir + "/good.h5";
    text = dir + "/data.txt";
    const auto world = ht::comm_world();
    if (world.rank() == 0) {
      std::filesystem::create_directories(dir);
      std::ofstream(bad_csv) << "1,2\n3,x\n";
      std::ofstream(short_csv) << "1,2,3\n4,5\n";
      std::ofstream(bad_npy) << "NUMPY is not the magic string of an npy file";
      std::ofstream(text) << "1 2 3\n";
    }
    world.barrier();
    ht::save_npy(ht::arange<double>(0, 6, 1, 0), npy);
#ifdef HEAT_HAVE_HDF5
    ht::save_hdf5(ht::zeros<double>({4, 2}, 0), h5, "data");
#endif
  }
  ~scratch_files() {
    ht::comm_world().barrier();
    if (ht::comm_world().rank() == 0) std::filesystem::remove_all(dir);
  }
};

/// What the cases work on (built once, alive while they run). a has 3
/// rows: ranks without rows at 5 ranks.
struct inputs {
  scratch_files f;
  std::string missing = f.dir + "/missing";
  ht::DNDarray<double> m = ht::arange<double>(0, 12, 1, 0);
  ht::DNDarray<double> a = ht::reshape(m, {3, 4});
  ht::DNDarray<double> b = ht::ones<double>({5}, 0);
  ht::DNDarray<double> v = ht::arange<double>(0, 3, 1, 0);
  ht::DNDarray<double> X = ht::array(xt::xarray<double>{{0, 0}, {1, 1}, {2, 2}, {9, 9}}, 0);
  ht::DNDarray<double> Xnan = ht::array(xt::xarray<double>{{0, 0}, {1, NAN}, {2, 2}, {9, 9}}, 0);
  // Finite values: column 1's sum overflows double; Xhuge's squares (and
  // squared distances) do, its sums do not.
  ht::DNDarray<double> Xbig = ht::array(xt::xarray<double>{{0, 1e308}, {1, 1e308}, {2, 0}, {3, 0}}, 0);
  ht::DNDarray<double> Xhuge = ht::array(xt::xarray<double>{{1e200, 0}, {-1e200, 1}, {0, 2}, {1, 3}}, 0);
  ht::DNDarray<double> y = ht::array(xt::xarray<double>{1, 2, 3}, 0);
  ht::DNDarray<double> y4 = ht::array(xt::xarray<double>{1, 2, 3, 4}, 0);
  ht::DNDarray<double> ynan = ht::array(xt::xarray<double>{1, 2, NAN, 4}, 0);
  ht::DNDarray<double> empty = ht::zeros<double>({0}, 0);
};

std::vector<bad_input> table() {
  using ht::IndexError;
  using ht::IOError;
  using ht::ValueError;
  return {
      // Factories and random.
      {"factories", "zeros with a negative extent", typeid(ValueError),
       [](const inputs&) {
         ht::zeros<double>({-1, 3}, 0);
       }},
      {"factories", "split axis past the dimensions", typeid(ValueError),
       [](const inputs&) {
         ht::zeros<double>({3, 4}, 2);
       }},
      {"factories", "negative split axis past the dimensions", typeid(ValueError),
       [](const inputs&) { ht::ones<float>({3}, -2); }},
      {"factories", "0-d array split", typeid(ValueError), [](const inputs&) { ht::full<float>({}, 1.0f, 0); }},
      {"factories", "more dimensions than max_ndim", typeid(ValueError),
       [](const inputs&) { ht::zeros<double>(ht::shape_t(ht::max_ndim + 1, 1)); }},
      {"factories", "arange with step 0", typeid(ValueError), [](const inputs&) { ht::arange<double>(0, 10, 0); }},
      {"factories", "linspace with a negative count", typeid(ValueError),
       [](const inputs&) { ht::linspace<double>(0, 1, -1, 0); }},
      {"factories", "logspace with a negative count", typeid(ValueError),
       [](const inputs&) { ht::logspace<double>(0, 1, -5); }},
      {"factories", "eye of three dimensions", typeid(ValueError),
       [](const inputs&) {
         ht::eye<double>(ht::shape_t{2, 2, 2}, 0);
       }},
      {"factories", "array split along an axis it lacks", typeid(ValueError),
       [](const inputs&) {
         ht::array(xt::xarray<int>({1, 2, 3}), 1);
       }},
      {"random", "rand with a negative extent", typeid(ValueError),
       [](const inputs&) {
         ht::random::rand<double>({4, -1}, 0);
       }},
      {"random", "randint with low >= high", typeid(ValueError),
       [](const inputs&) { ht::random::randint<std::int64_t>(5, 5, {3}, 0); }},
      {"random", "randperm of a negative length", typeid(ValueError),
       [](const inputs&) { ht::random::randperm(-3, 0); }},
      // DNDarray members.
      {"dndarray", "resplit_ to an axis it lacks", typeid(ValueError),
       [](const inputs&) {
         ht::ones<double>({2, 2}, 0).resplit_(3);
       }},
      {"dndarray", "resplit to a negative axis it lacks", typeid(ValueError),
       [](const inputs&) {
         ht::resplit(ht::ones<double>({2, 2}, 0), -3);
       }},
      {"dndarray", "item of a 12-element array", typeid(ValueError), [](const inputs& in) { in.m.item(); }},
      {"dndarray", "counts_displs of a replicated array", typeid(ValueError),
       [](const inputs&) {
         ht::zeros<double>({2, 2}).counts_displs();
       }},
      // Expressions.
      {"expressions", "shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = in.a + in.b; }},
      {"expressions", "compound assignment that would grow the target", typeid(ValueError),
       [](const inputs& in) {
         auto t = ht::zeros<double>({3, 1}, 0);
         t += in.a;
       }},
      {"expressions", "where with shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::where(in.a > 1.0, in.a, in.b); }},
      {"expressions", "arctan2 with shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::arctan2(in.v, in.b); }},
      {"expressions", "minimum with shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::minimum(in.v, in.b); }},
      {"expressions", "eval of shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::eval(in.v * in.b); }},
      // Reductions and scans.
      {"reductions", "sum along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::sum(in.a, 2); }},
      {"reductions", "sum along a negative axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::sum(in.a, -3); }},
      {"reductions", "sum along a repeated axis", typeid(ValueError),
       [](const inputs& in) {
         ht::sum(in.a, {0, 0});
       }},
      {"reductions", "mean along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::mean(in.a, 5); }},
      {"reductions", "min of an empty array", typeid(ValueError), [](const inputs& in) { ht::min(in.empty); }},
      {"reductions", "max of an empty array", typeid(ValueError), [](const inputs& in) { ht::max(in.empty); }},
      {"reductions", "argmin of an empty array", typeid(ValueError), [](const inputs& in) { ht::argmin(in.empty); }},
      {"reductions", "argmax along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::argmax(in.a, 2); }},
      {"reductions", "var along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::var(in.a, 3); }},
      {"reductions", "allclose of shapes that do not broadcast", typeid(ValueError),
       [](const inputs& in) { ht::allclose(in.v, in.b); }},
      {"reductions", "cumsum along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::cumsum(in.a, 2); }},
      {"reductions", "cumprod along a negative axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::cumprod(in.v, -2); }},
      // Manipulation and sorting.
      {"manipulation", "reshape to another size", typeid(ValueError),
       [](const inputs& in) {
         ht::reshape(in.a, {5, 2});
       }},
      {"manipulation", "reshape with two unknown extents", typeid(ValueError),
       [](const inputs& in) {
         ht::reshape(in.a, {-1, -1});
       }},
      {"manipulation", "transpose with a repeated axis", typeid(ValueError),
       [](const inputs& in) {
         ht::transpose(in.a, {0, 0});
       }},
      {"manipulation", "transpose with too few axes", typeid(ValueError),
       [](const inputs& in) { ht::transpose(in.a, {1}); }},
      {"manipulation", "squeeze an axis of length 4", typeid(ValueError),
       [](const inputs& in) { ht::squeeze(in.a, 1); }},
      {"manipulation", "expand_dims past the new dimensions", typeid(ValueError),
       [](const inputs& in) { ht::expand_dims(in.a, 4); }},
      {"manipulation", "concatenate of different column counts", typeid(ValueError),
       [](const inputs& in) {
         ht::concatenate({in.a, ht::zeros<double>({2, 3}, 0)}, 0);
       }},
      {"manipulation", "concatenate of nothing", typeid(ValueError),
       [](const inputs&) { ht::concatenate(std::vector<ht::DNDarray<double>>{}, 0); }},
      {"manipulation", "concatenate along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) {
         ht::concatenate({in.a, in.a}, 2);
       }},
      {"manipulation", "stack of different shapes", typeid(ValueError),
       [](const inputs& in) {
         ht::stack({in.v, in.b}, 0);
       }},
      {"manipulation", "flip along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::flip(in.a, 2); }},
      {"manipulation", "pad with a negative width", typeid(ValueError),
       [](const inputs& in) {
         ht::pad(in.a, {{-1, 0}, {0, 0}});
       }},
      {"manipulation", "pad with widths for three axes of two", typeid(ValueError),
       [](const inputs& in) {
         ht::pad(in.a, {{1, 1}, {0, 0}, {2, 2}});
       }},
      {"manipulation", "diff of negative order", typeid(ValueError), [](const inputs& in) { ht::diff(in.a, -1, 0); }},
      {"manipulation", "tril of a 0-d array", typeid(ValueError),
       [](const inputs&) { ht::tril(ht::full<double>({}, 1.0)); }},
      {"manipulation", "sort along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::sort(in.a, 2); }},
      {"manipulation", "argsort along a negative axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::argsort(in.v, -2); }},
      // Indexing.
      {"indexing", "element past the end", typeid(IndexError), [](const inputs& in) { in.m(12); }},
      {"indexing", "element before the start", typeid(IndexError), [](const inputs& in) { in.m(-13); }},
      {"indexing", "two indices into a 1-d array", typeid(IndexError), [](const inputs& in) { in.m(0, 0); }},
      {"indexing", "one index into a 2-d array", typeid(IndexError), [](const inputs& in) { in.a(1); }},
      {"indexing", "view with more slices than dimensions", typeid(IndexError),
       [](const inputs& in) { ht::DNDarray<double> r = ht::view(in.v, xt::all(), xt::all()); }},
      {"indexing", "mask of another shape", typeid(IndexError),
       [](const inputs& in) { ht::DNDarray<double> r = in.a[in.b > 0.0]; }},
      {"indexing", "assignment of a shape that does not fit the slice", typeid(ValueError),
       [](const inputs& in) {
         auto t = ht::zeros<double>({3, 4}, 0);
         ht::view(t, xt::range(0, 2), xt::all()) = in.b;
       }},
      // Linear algebra and spatial.
      {"linalg", "matmul of 3x4 by 5", typeid(ValueError), [](const inputs& in) { ht::matmul(in.a, in.b); }},
      {"linalg", "matmul of 3x4 by 3x4", typeid(ValueError), [](const inputs& in) { ht::matmul(in.a, in.a); }},
      {"linalg", "matmul of stacks whose batches do not broadcast", typeid(ValueError),
       [](const inputs&) {
         ht::matmul(ht::zeros<double>({2, 2, 2}, 0), ht::zeros<double>({3, 2, 2}));
       }},
      {"linalg", "dot of vectors of different lengths", typeid(ValueError),
       [](const inputs& in) { ht::dot(in.v, in.b); }},
      {"linalg", "norm along an axis past the dimensions", typeid(ValueError),
       [](const inputs& in) { ht::linalg::norm(in.a, 2); }},
      {"linalg", "qr of a 3-d array", typeid(ValueError),
       [](const inputs&) {
         ht::linalg::qr(ht::zeros<double>({2, 2, 2}, 0));
       }},
      {"linalg", "trace of a 1-d array", typeid(ValueError), [](const inputs& in) { ht::linalg::trace(in.v); }},
      {"spatial", "cdist of 2 against 4 features", typeid(ValueError),
       [](const inputs& in) { ht::spatial::cdist(in.X, in.a); }},
      {"spatial", "manhattan of a 1-d array", typeid(ValueError),
       [](const inputs& in) { ht::spatial::manhattan(in.v, in.X); }},
      {"spatial", "nearest with no centres", typeid(ValueError),
       [](const inputs& in) {
         ht::spatial::nearest(in.X, ht::zeros<double>({0, 2}));
       }},
      // I/O.
      {"io", "load_npy of a missing file", typeid(IOError),
       [](const inputs& in) { ht::load_npy<double>(in.missing + ".npy", 0); }},
      {"io", "load_npy of a file without the magic string", typeid(IOError),
       [](const inputs& in) { ht::load_npy<double>(in.f.bad_npy, 0); }},
      {"io", "load_npy split along an axis it lacks", typeid(ValueError),
       [](const inputs& in) { ht::load_npy<double>(in.f.npy, 1); }},
      {"io", "load_csv of a missing file", typeid(IOError),
       [](const inputs& in) { ht::load_csv<double>(in.missing + ".csv", 0); }},
      {"io", "load_csv with a cell that is not a number", typeid(ValueError),
       [](const inputs& in) { ht::load_csv<double>(in.f.bad_csv, 0); }},
      {"io", "load_csv with a short row", typeid(ValueError),
       [](const inputs& in) { ht::load_csv<double>(in.f.short_csv, 0); }},
      {"io", "save_csv of a 3-d array", typeid(ValueError),
       [](const inputs& in) {
         ht::save_csv(ht::zeros<double>({2, 2, 2}, 0), in.f.dir + "/three.csv");
       }},
      {"io", "save_npy into a missing directory", typeid(IOError),
       [](const inputs& in) { ht::save_npy(ht::zeros<double>({2}, 0), in.missing + "/x.npy"); }},
      {"io", "load of an unknown extension", typeid(ValueError),
       [](const inputs& in) { ht::load<double>(in.f.text, 0); }},
#ifdef HEAT_HAVE_HDF5
      {"io", "load_hdf5 of a missing file", typeid(IOError),
       [](const inputs& in) { ht::load_hdf5<double>(in.missing + ".h5", "data", 0); }},
      {"io", "load_hdf5 of a file that is not HDF5", typeid(IOError),
       [](const inputs& in) { ht::load_hdf5<double>(in.f.text, "data", 0); }},
      {"io", "load_hdf5 of a missing dataset", typeid(IOError),
       [](const inputs& in) { ht::load_hdf5<double>(in.f.h5, "nope", 0); }},
#endif
      // Estimators.
      {"estimators", "KMeans with n_clusters 0", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 0}).fit(in.X); }},
      {"estimators", "KMeans with more clusters than samples", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 5}).fit(in.X); }},
      {"estimators", "KMeans on data with NaN", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 2, .random_state = 1}).fit(in.Xnan); }},
      {"estimators", "KMeans on values whose distances overflow", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 2, .random_state = 1}).fit(in.Xhuge); }},
      {"estimators", "KMeans on a 1-d array", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 2}).fit(in.v); }},
      {"estimators", "KMeans with an unknown init", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 2, .init = "bogus"}).fit(in.X); }},
      {"estimators", "KMeans with given centres of the wrong shape", typeid(ValueError),
       [](const inputs& in) {
         ht::cluster::KMeans<double>({.n_clusters = 2, .init = ht::zeros<double>({3, 2})}).fit(in.X);
       }},
      {"estimators", "KMeans predict before fit", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMeans<double>({.n_clusters = 2}).predict(in.X); }},
      {"estimators", "KMeans predict with another feature count", typeid(ValueError),
       [](const inputs& in) {
         ht::cluster::KMeans<double> km({.n_clusters = 2, .random_state = 1});
         km.fit(in.X).predict(in.a);
       }},
      {"estimators", "KMedians on data with NaN", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMedians<double>({.n_clusters = 2, .random_state = 1}).fit(in.Xnan); }},
      {"estimators", "KMedoids with n_clusters -1", typeid(ValueError),
       [](const inputs& in) { ht::cluster::KMedoids<double>({.n_clusters = -1}).fit(in.X); }},
      {"estimators", "Lasso with X and y of different lengths", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.X, in.y); }},
      {"estimators", "Lasso with NaN in y", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.X, in.ynan); }},
      {"estimators", "Lasso with NaN in X", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.Xnan, in.y4); }},
      {"estimators", "Lasso on finite values whose column sums overflow", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.Xbig, in.y4); }},
      {"estimators", "Lasso on finite values whose squares overflow", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.Xhuge, in.y4); }},
      {"estimators", "Lasso with a negative lam", typeid(ValueError),
       [](const inputs&) { ht::regression::Lasso<double>({.lam = -1}); }},
      {"estimators", "Lasso with an unknown solver", typeid(ValueError),
       [](const inputs&) { ht::regression::Lasso<double>({.solver = "newton"}); }},
      {"estimators", "Lasso predict before fit", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().predict(in.X); }},
      {"estimators", "Lasso coef before fit", typeid(ValueError),
       [](const inputs&) { ht::regression::Lasso<double>().coef(); }},
      {"estimators", "Lasso on a 1-d X", typeid(ValueError),
       [](const inputs& in) { ht::regression::Lasso<double>().fit(in.v, in.y); }},
  };
}

}  // namespace

TEST_CASE("bad input: every family throws one typed error with one message on every rank", "[errors][table]") {
  const inputs in;
  const auto cases = table();
  int failed = 0;
  std::string report;
  for (const auto& c : cases) failed += same_error_everywhere(c, in, report) ? 0 : 1;
  INFO(cases.size() << " cases, " << failed << " failed\n" << report);
  CHECK(failed == 0);
  REQUIRE(cases.size() >= 60);
}

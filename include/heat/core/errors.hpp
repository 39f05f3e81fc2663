#ifndef HEAT_CORE_ERRORS_HPP
#define HEAT_CORE_ERRORS_HPP

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace ht {

/// Base of every error the library throws; thrown on every rank with the same message.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// An argument has the right type but a wrong value (shape, axis, size).
class ValueError : public Error {
 public:
  using Error::Error;
};
/// An argument has a type the operation does not accept.
class TypeError : public Error {
 public:
  using Error::Error;
};
/// An index lies outside the array.
class IndexError : public Error {
 public:
  using Error::Error;
};
/// A file cannot be read or written.
class IOError : public Error {
 public:
  using Error::Error;
};
/// Memory for an array or buffer could not be allocated (Python's
/// MemoryError): thrown on every rank when the ranks agree on it
/// (heat/core/memory.hpp says when; otherwise the job ends).
class MemoryError : public Error {
 public:
  using Error::Error;
};
/// The operation exists in HeAT or NumPy but not (yet) here.
class NotImplementedError : public Error {
 public:
  using Error::Error;
};

namespace detail {

template <class... Parts>
std::string concat(Parts&&... parts) {
  std::ostringstream os;
  (os << ... << std::forward<Parts>(parts));
  return os.str();
}

/// Throws E with the parts joined when cond is false. Callers pass only
/// metadata every rank shares, so every rank throws the same thing.
template <class E = ValueError, class... Parts>
void check(bool cond, Parts&&... parts) {
  if (!cond) throw E(concat(std::forward<Parts>(parts)...));
}

}  // namespace detail
}  // namespace ht

#endif

#ifndef HEAT_COMM_MPI_TYPE_HPP
#define HEAT_COMM_MPI_TYPE_HPP

#include <mpi.h>

#include <cstdint>
#include <type_traits>

namespace ht {

/// The MPI datatype of an element type. A function, not a constant: some MPI
/// implementations define their handles as addresses of globals.
template <class T>
MPI_Datatype mpi_type() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>)
    return MPI_CXX_BOOL;
  else if constexpr (std::is_same_v<U, std::uint8_t>)
    return MPI_UINT8_T;
  else if constexpr (std::is_same_v<U, std::int8_t>)
    return MPI_INT8_T;
  else if constexpr (std::is_same_v<U, std::int16_t>)
    return MPI_INT16_T;
  else if constexpr (std::is_same_v<U, std::uint16_t>)
    return MPI_UINT16_T;
  else if constexpr (std::is_same_v<U, std::uint32_t>)
    return MPI_UINT32_T;
  else if constexpr (std::is_same_v<U, std::int32_t>)
    return MPI_INT32_T;
  else if constexpr (std::is_same_v<U, std::int64_t>)
    return MPI_INT64_T;
  else if constexpr (std::is_same_v<U, std::uint64_t>)
    return MPI_UINT64_T;
  else if constexpr (std::is_same_v<U, float>)
    return MPI_FLOAT;
  else if constexpr (std::is_same_v<U, double>)
    return MPI_DOUBLE;
  else if constexpr (std::is_same_v<U, char>)
    return MPI_CHAR;
  else
    static_assert(!sizeof(U), "ht::mpi_type: no MPI datatype for this type");
}

}  // namespace ht

#endif

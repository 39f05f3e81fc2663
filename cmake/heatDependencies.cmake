# Finds what heat::heat links, for the build tree and for installed consumers
# (heatConfig.cmake includes this file). MPICH is named explicitly: another
# package can switch /usr/bin/mpicxx and mpiexec to Open MPI.
include_guard(GLOBAL)

if(NOT DEFINED MPI_CXX_COMPILER)
  find_program(HEAT_MPICH_CXX NAMES mpicxx.mpich)
  if(HEAT_MPICH_CXX)
    set(MPI_CXX_COMPILER "${HEAT_MPICH_CXX}" CACHE FILEPATH "MPI C++ wrapper (MPICH)")
  endif()
endif()
if(NOT DEFINED MPIEXEC_EXECUTABLE)
  find_program(HEAT_MPICH_EXEC NAMES mpiexec.mpich)
  if(HEAT_MPICH_EXEC)
    set(MPIEXEC_EXECUTABLE "${HEAT_MPICH_EXEC}" CACHE FILEPATH "MPI launcher (MPICH)")
  endif()
endif()
find_package(MPI REQUIRED COMPONENTS CXX)

# Debian's Kokkos package (Trilinos 13.2, Kokkos 3.4) forces extensions off
# with a warning when they are on; say it first so it stays quiet.
if(NOT DEFINED CMAKE_CXX_EXTENSIONS)
  set(CMAKE_CXX_EXTENSIONS OFF)
endif()
find_package(Kokkos REQUIRED)
# Debian's Kokkos::kokkos points at <prefix>/lib/include, which does not
# exist; the headers are in Kokkos_INCLUDE_DIRS (/usr/include/trilinos).
if(Kokkos_INCLUDE_DIRS)
  get_target_property(_heat_kokkos_inc Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
  set(_heat_kokkos_fixed "")
  foreach(_dir IN LISTS _heat_kokkos_inc)
    if(EXISTS "${_dir}")
      list(APPEND _heat_kokkos_fixed "${_dir}")
    endif()
  endforeach()
  list(APPEND _heat_kokkos_fixed ${Kokkos_INCLUDE_DIRS})
  list(REMOVE_DUPLICATES _heat_kokkos_fixed)
  set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_heat_kokkos_fixed}")
endif()

find_package(xtl REQUIRED)
find_package(xtensor REQUIRED)
find_package(xtensor-blas REQUIRED)
if(NOT DEFINED BLA_VENDOR)
  set(BLA_VENDOR OpenBLAS)
endif()
find_package(BLAS REQUIRED)
find_package(LAPACK REQUIRED)

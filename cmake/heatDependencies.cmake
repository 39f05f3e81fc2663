# Finds what heat::heat links, for heat's own build, its build tree's
# export() and installed consumers (heatConfig.cmake includes this file).
#
# Contract: the consumer's scope is left as it was. Every find runs inside
# the function below, so the variables it sets (CMAKE_CXX_EXTENSIONS to keep
# Debian's Kokkos quiet, BLA_VENDOR, the packages' *_FOUND, ...) end with
# it; only the imported targets remain, and the cache entries the find
# modules keep (MPICH's wrapper and launcher are named there: another
# package can switch /usr/bin/mpicxx and mpiexec to Open MPI). The one
# change to another package's target: Debian's Kokkos::kokkos names an
# include directory that does not exist (<prefix>/lib/include), which CMake
# refuses; only then is it replaced by the real one (Kokkos_INCLUDE_DIRS).
# with_hdf5: find the parallel HDF5 too (heat::hdf5); <result> tells
# whether it was found.
include_guard(GLOBAL)

function(heat_find_dependencies with_hdf5 result)
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
  if(NOT TARGET MPI::MPI_CXX)
    find_package(MPI REQUIRED COMPONENTS CXX)
  endif()

  if(NOT TARGET Kokkos::kokkos)
    # Debian's Kokkos 3.4 warns and forces the cache entry off when
    # extensions are on or unset; off in this scope only, it stays quiet.
    set(CMAKE_CXX_EXTENSIONS OFF)
    find_package(Kokkos REQUIRED)
  endif()
  get_target_property(_inc Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
  set(_kept "")
  set(_missing FALSE)
  foreach(_dir IN LISTS _inc)
    if(EXISTS "${_dir}" OR _dir MATCHES "^\\$<")
      list(APPEND _kept "${_dir}")
    else()
      set(_missing TRUE)
    endif()
  endforeach()
  if(_missing AND Kokkos_INCLUDE_DIRS)
    list(APPEND _kept ${Kokkos_INCLUDE_DIRS})
    list(REMOVE_DUPLICATES _kept)
    set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_kept}")
  endif()

  if(NOT TARGET xtensor-blas)
    find_package(xtl REQUIRED)
    find_package(xtensor REQUIRED)
    find_package(xtensor-blas REQUIRED)
  endif()
  if(NOT TARGET BLAS::BLAS OR NOT TARGET LAPACK::LAPACK)
    if(NOT DEFINED BLA_VENDOR)
      set(BLA_VENDOR OpenBLAS)
    endif()
    find_package(BLAS REQUIRED)
    find_package(LAPACK REQUIRED)
  endif()

  # HDF5 through heat::hdf5, an imported target made here for every
  # consumer anew (never absolute library paths in heat's export): from
  # pkg-config's hdf5-mpich (Debian's libhdf5-mpich-dev; no language needed),
  # else from FindHDF5 where the project has C enabled (it test-compiles C).
  set(_hdf5 FALSE)
  if(with_hdf5 AND NOT TARGET heat::hdf5)
    set(_found "")
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(HEAT_HDF5 QUIET IMPORTED_TARGET hdf5-mpich)
      if(HEAT_HDF5_FOUND)
        set(_found PkgConfig::HEAT_HDF5)
      endif()
    endif()
    get_property(_languages GLOBAL PROPERTY ENABLED_LANGUAGES)
    if(NOT _found AND "C" IN_LIST _languages)
      set(HDF5_PREFER_PARALLEL TRUE)
      find_package(HDF5 QUIET COMPONENTS C)
      if(HDF5_FOUND AND HDF5_IS_PARALLEL)
        set(_found HDF5::HDF5)
      endif()
    endif()
    if(_found)
      add_library(heat::hdf5 INTERFACE IMPORTED)
      target_link_libraries(heat::hdf5 INTERFACE ${_found})
    endif()
  endif()
  if(with_hdf5 AND TARGET heat::hdf5)
    set(_hdf5 TRUE)
  endif()
  set(${result} ${_hdf5} PARENT_SCOPE)
endfunction()

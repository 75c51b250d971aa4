# Install rules: the nnft binary, the module libraries, their public headers under include/nnft/<module>/
# (detail/ headers are internal and stay out), an exported CMake package (find_package(nnft) gives
# nnft::common, nnft::diagrams, nnft::numeric, nnft::symbolic, nnft::sampler, nnft::report, nnft::eft,
# nnft::study, nnft::checks with their dependencies found) and a pkg-config file nnft.pc.
include(CMakePackageConfigHelpers)

get_property(_nnft_modules GLOBAL PROPERTY NNFT_MODULES)
set(_nnft_targets)
foreach(m ${_nnft_modules})
  list(APPEND _nnft_targets nnft_${m})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${m}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/nnft/${m}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "detail" EXCLUDE)
endforeach()

install(TARGETS ${_nnft_targets} EXPORT nnftTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/nnft)
install(TARGETS nnft RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET nnft_mpi)  # loaded by nnft under mpirun from <bindir>/../<libdir>/nnft (app/CMakeLists.txt)
  install(TARGETS nnft_mpi LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/nnft)
endif()

# pkg-config: static archives, so every library in link order and the third-party packages they need.
set(NNFT_PC_REQUIRES "ginac cln eigen3 nlohmann_json nauty")
set(NNFT_PC_NEEDS_SLEEF FALSE)
if(NNFT_SIMD AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")  # as in numeric/CMakeLists.txt
  string(APPEND NNFT_PC_REQUIRES " sleef")
  set(NNFT_PC_NEEDS_SLEEF TRUE)
endif()
# The prefix is found from the file's own place (${pcfiledir}), so `cmake --install --prefix P` works.
file(RELATIVE_PATH NNFT_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/nnft.pc.in ${PROJECT_BINARY_DIR}/nnft.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/nnft.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(_nnft_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/nnft)
install(EXPORT nnftTargets NAMESPACE nnft:: DESTINATION ${_nnft_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/nnftConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/nnftConfig.cmake INSTALL_DESTINATION ${_nnft_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nnftConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nnftConfig.cmake ${PROJECT_BINARY_DIR}/nnftConfigVersion.cmake
        DESTINATION ${_nnft_cmake_dir})


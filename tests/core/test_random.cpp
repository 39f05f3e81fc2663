#include "support/testing.hpp"

#include <cstdint>

using ht::testing::all_ranks;

TEST_CASE("Philox4x32-10 gives Random123's known answers", "[random]") {
  // Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter, key, result.
  struct known {
    std::uint32_t ctr[4], key[2], out[4];
  };
  const known cases[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
       {0xffffffffu, 0xffffffffu},
       {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
       {0xa4093822u, 0x299f31d0u},
       {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
  };
  for (const auto& k : cases) {
    const auto r = ht::random::detail::philox({{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}}, k.key[0], k.key[1]);
    for (int w = 0; w < 4; ++w) CHECK(r.v[w] == k.out[w]);
  }
}

TEST_CASE("random arrays are the same for every split and rank count", "[random]") {
  // The replicated array is what one rank computes; each split must match it bit for bit.
  const ht::shape_t shape{7, 3, 2};
  auto same = [&](auto make) {
    bool ok = true;
    ht::random::seed(11);
    const auto whole = make(ht::none).to_xarray();
    for (std::int64_t s = 0; s < 3; ++s) {
      ht::random::seed(11);
      ok = ok && make(s).to_xarray() == whole;
    }
    return ok;
  };
  const bool ok = same([&](ht::split_t s) { return ht::random::rand<double>(shape, s); }) &&
                  same([&](ht::split_t s) { return ht::random::rand<float>(shape, s); }) &&
                  same([&](ht::split_t s) { return ht::random::randn<double>(shape, s); }) &&
                  same([&](ht::split_t s) { return ht::random::normal<float>(1.0, 3.0, shape, s); }) &&
                  same([&](ht::split_t s) { return ht::random::uniform<double>(-2.0, 5.0, shape, s); }) &&
                  same([&](ht::split_t s) { return ht::random::randint<std::int32_t>(-5, 9, shape, s); });
  REQUIRE(all_ranks(ok));
}

TEST_CASE("seeding restarts the sequence; calls continue it", "[random]") {
  ht::random::seed(3);
  const auto a = ht::random::rand<double>({50}, 0).to_xarray();
  const auto b = ht::random::rand<double>({50}, 0).to_xarray();
  ht::random::seed(3);
  const auto c = ht::random::rand<double>({50}).to_xarray();
  ht::random::seed(4);
  const auto d = ht::random::rand<double>({50}, 0).to_xarray();
  REQUIRE(all_ranks(a == c && !(a == b) && !(a == d)));
}

TEST_CASE("distributions have the right range and moments", "[random]") {
  ht::random::seed(2026);
  const std::int64_t n = 200000;
  auto u = ht::random::rand<double>({n}, 0);
  auto z = ht::random::randn<double>({n}, 0);
  auto g = ht::random::normal<double>(5.0, 2.0, {n}, 0);
  auto k = ht::random::randint<std::int64_t>(-3, 7, {n}, 0);
  auto f = ht::random::rand<float>({n}, 0);
  const bool ok = ht::min(u).item() >= 0.0 && ht::max(u).item() < 1.0 && std::abs(ht::mean(u).item() - 0.5) < 0.005 &&
                  std::abs(ht::var(u).item() - 1.0 / 12) < 0.002 && std::abs(ht::mean(z).item()) < 0.01 &&
                  std::abs(ht::std(z).item() - 1.0) < 0.01 && std::abs(ht::mean(g).item() - 5.0) < 0.02 &&
                  std::abs(ht::std(g).item() - 2.0) < 0.02 && ht::min(k).item() == -3 && ht::max(k).item() == 6 &&
                  std::abs(ht::mean(k).item() - 1.5) < 0.03 && ht::max(f).item() < 1.0f && ht::min(f).item() >= 0.0f;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("random arguments are checked on every rank", "[random][errors]") {
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::random::randint<std::int64_t>(4, 4, {3}, 0); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::random::normal<double>(0, -1, {3}, 0); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::random::uniform<double>(2, 1, {3}); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::random::rand<double>({3}, 1); }));
}

TEST_CASE("HeAT's other names draw the same numbers; get_state / set_state replay them", "[random]") {
  ht::random::seed(11);
  const auto u = ht::random::rand<double>({7, 3}, 0);
  const auto z = ht::random::randn<float>({5}, 0);
  const auto k = ht::random::randint<std::int32_t>(-4, 9, {6}, 0);
  // Each alias after the same seed and the same preceding draws.
  auto replay = [](auto draw) {
    ht::random::seed(11);
    return draw();
  };
  for (auto alias : {+[] {
                       return ht::random::random<double>({7, 3}, 1);
                     },
                     +[] {
                       return ht::random::random_sample<double>({7, 3});
                     },
                     +[] {
                       return ht::random::ranf<double>({7, 3}, 0);
                     },
                     +[] {
                       return ht::random::sample<double>({7, 3}, 1);
                     }})
    REQUIRE(ht::equal(replay(alias), u));
  ht::random::seed(11);
  ht::random::rand<double>({7, 3});
  REQUIRE(ht::equal(ht::random::standard_normal<float>({5}, 0), z));
  REQUIRE(ht::equal(ht::random::random_integer<std::int32_t>(-4, 9, {6}), k));
  // A saved state continues the sequence from where it was saved, at any split.
  const ht::random::generator_state saved = ht::random::get_state();
  const auto next = ht::random::rand<float>({4, 4}, 0);
  ht::random::rand<float>({9});
  ht::random::set_state(saved);
  REQUIRE(ht::equal(ht::random::rand<float>({4, 4}, 1), next));
  REQUIRE(ht::random::get_state().seed == 11);
}

// bench/bench_memory.cpp: peak heap memory of a 100-node chain passing a 10 MB vector along.
//
// Global operator new/delete are replaced by counting versions (bytes in use, and the peak),
// so the peak is exact and includes every allocation: the library's and the nodes'.
//
// Two chains of 100 nodes, each node adding 1 to every element:
//   r<i>(const std::vector<double>& r<i-1>) returns a new vector: at best 2 vectors live;
//   v<i>(std::vector<double> v<i-1>) takes the vector by value and returns it: when the library
//   moves a value into its last reader, no node allocates and at best 1 vector is live.
// r0 / v0 is the input, given as std::cref (read in place, not copied); it is allocated before
// the measurement starts, so the peaks below are what execute (or the hand-written calls) add.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <utility>
#include <vector>

#include <boost/preprocessor/arithmetic/dec.hpp>
#include <boost/preprocessor/arithmetic/inc.hpp>
#include <boost/preprocessor/cat.hpp>
#include <boost/preprocessor/repetition/enum.hpp>
#include <boost/preprocessor/repetition/repeat.hpp>
#include <hamilton/hamilton.hpp>

#include "bench_util.hpp"

// ---- counting allocator ------------------------------------------------------------------------

namespace {

std::atomic<std::size_t> in_use{0};
std::atomic<std::size_t> peak{0};

// Each block starts with a header holding its size; `offset` keeps the user pointer aligned.
void* counted_alloc(std::size_t size, std::size_t align) {
    const std::size_t offset = align < sizeof(std::max_align_t) ? sizeof(std::max_align_t) : align;
    void* raw = align <= sizeof(std::max_align_t) ? std::malloc(size + offset)
                                                  : std::aligned_alloc(align, (size + offset + align - 1) / align * align);
    if (raw == nullptr) throw std::bad_alloc();
    auto* user = static_cast<unsigned char*>(raw) + offset;
    reinterpret_cast<std::size_t*>(user)[-1] = size;
    const std::size_t now = in_use.fetch_add(size, std::memory_order_relaxed) + size;
    std::size_t seen = peak.load(std::memory_order_relaxed);
    while (now > seen && !peak.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
    }
    return user;
}

void counted_free(void* p, std::size_t align) noexcept {
    if (p == nullptr) return;
    const std::size_t offset = align < sizeof(std::max_align_t) ? sizeof(std::max_align_t) : align;
    auto* user = static_cast<unsigned char*>(p);
    in_use.fetch_sub(reinterpret_cast<std::size_t*>(user)[-1], std::memory_order_relaxed);
    std::free(user - offset);
}

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size, 0); }
void* operator new[](std::size_t size) { return counted_alloc(size, 0); }
void* operator new(std::size_t size, std::align_val_t a) { return counted_alloc(size, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return counted_alloc(size, static_cast<std::size_t>(a)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try { return counted_alloc(size, 0); } catch (...) { return nullptr; }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try { return counted_alloc(size, 0); } catch (...) { return nullptr; }
}
void operator delete(void* p) noexcept { counted_free(p, 0); }
void operator delete[](void* p) noexcept { counted_free(p, 0); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p, 0); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p, 0); }
void operator delete(void* p, std::align_val_t a) noexcept { counted_free(p, static_cast<std::size_t>(a)); }
void operator delete[](void* p, std::align_val_t a) noexcept { counted_free(p, static_cast<std::size_t>(a)); }
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept { counted_free(p, static_cast<std::size_t>(a)); }
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept { counted_free(p, static_cast<std::size_t>(a)); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p, 0); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p, 0); }

// ---- the two chains ----------------------------------------------------------------------------

#define CHAIN_LENGTH 100
constexpr std::size_t elements = 1'250'000;  // 10 MB of doubles
constexpr double vector_mb = elements * sizeof(double) / 1e6;

namespace memory_chain {

using vec = std::vector<double>;

[[gnu::noinline]] inline vec plus_one(const vec& in) {
    vec out(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) out[i] = in[i] + 1.0;
    return out;
}
[[gnu::noinline]] inline vec plus_one_in_place(vec v) {
    for (auto& e : v) e += 1.0;
    return v;
}

// r1 .. r100: const reference in, new vector out; v1 .. v100: by value in and out.
#define MEMORY_DEFINE(z, i, _)                                                                   \
    vec BOOST_PP_CAT(r, BOOST_PP_INC(i))(const vec& x) { return plus_one(x); }                 \
    vec BOOST_PP_CAT(v, BOOST_PP_INC(i))(vec x) { return plus_one_in_place(std::move(x)); }
BOOST_PP_REPEAT(CHAIN_LENGTH, MEMORY_DEFINE, _)
#undef MEMORY_DEFINE

#define MEMORY_REF_NODE(z, i, _) HAMILTON_NODE(BOOST_PP_CAT(r, BOOST_PP_INC(i)), BOOST_PP_CAT(r, i))
#define MEMORY_VALUE_NODE(z, i, _) HAMILTON_NODE(BOOST_PP_CAT(v, BOOST_PP_INC(i)), BOOST_PP_CAT(v, i))
inline constexpr auto by_reference = hamilton::module(BOOST_PP_ENUM(CHAIN_LENGTH, MEMORY_REF_NODE, _));
inline constexpr auto by_value = hamilton::module(BOOST_PP_ENUM(CHAIN_LENGTH, MEMORY_VALUE_NODE, _));
#undef MEMORY_REF_NODE
#undef MEMORY_VALUE_NODE

#define MEMORY_HAND_REF(z, i, _) v = BOOST_PP_CAT(r, BOOST_PP_INC(BOOST_PP_INC(i)))(v);
#define MEMORY_HAND_VALUE(z, i, _) v = BOOST_PP_CAT(v, BOOST_PP_INC(BOOST_PP_INC(i)))(std::move(v));
[[gnu::noinline]] vec by_hand_reference(const vec& input) {
    vec v = r1(input);
    BOOST_PP_REPEAT(BOOST_PP_DEC(CHAIN_LENGTH), MEMORY_HAND_REF, _)
    return v;
}
[[gnu::noinline]] vec by_hand_value(const vec& input) {
    vec v = v1(input);
    BOOST_PP_REPEAT(BOOST_PP_DEC(CHAIN_LENGTH), MEMORY_HAND_VALUE, _)
    return v;
}
#undef MEMORY_HAND_REF
#undef MEMORY_HAND_VALUE

}  // namespace memory_chain

#define MEMORY_STRINGIZE_(x) #x
#define MEMORY_STRINGIZE(x) MEMORY_STRINGIZE_(x)
#define LAST_R "r" MEMORY_STRINGIZE(CHAIN_LENGTH)
#define LAST_V "v" MEMORY_STRINGIZE(CHAIN_LENGTH)

namespace {

struct measurement {
    double peak_mb;      // the most bytes in use at once during the call, above the start
    double held_mb;      // bytes still in use after the call (the result), above the start
};

// Runs `fn` and checks the vector `get(result)`; the result is kept (not copied) until measured.
template <class Fn, class Get>
measurement measure(Fn&& fn, Get&& get) {
    const std::size_t start = in_use.load();
    peak.store(start);
    {
        const auto result = fn();
        const std::vector<double>& v = get(result);
        bench::check(v.size() == elements && v[0] == 1.0 + CHAIN_LENGTH, "chain result");
        const std::size_t after = in_use.load();
        const std::size_t top = peak.load();
        return {static_cast<double>(top - start) / 1e6, static_cast<double>(after - start) / 1e6};
    }
}

const std::vector<double>& itself(const std::vector<double>& v) { return v; }

}  // namespace

int main() {
    using namespace memory_chain;
    const vec input(elements, 1.0);
    const auto ref_driver = hamilton::builder().with_modules(by_reference).build();
    const auto value_driver = hamilton::builder().with_modules(by_value).build();
    const hamilton::values ref_inputs{{"r0", std::cref(input)}};
    const hamilton::values value_inputs{{"v0", std::cref(input)}};
    // Once untimed and unmeasured, so that plan caches exist (a few KB; see the last rows).
    (void)ref_driver.execute<LAST_R>(ref_inputs);
    (void)value_driver.execute<LAST_V>(value_inputs);
    (void)ref_driver.execute({LAST_R}, ref_inputs);
    (void)value_driver.execute({LAST_V}, value_inputs);

    struct row {
        const char* chain;
        const char* how;
        measurement m;
    };
    const row rows[] = {
        {"`const vec&` in, new vector out", "hand-written calls", measure([&] { return by_hand_reference(input); }, itself)},
        {"`const vec&` in, new vector out", "typed `execute<\"" LAST_R "\">`",
         measure([&] { return ref_driver.execute<LAST_R>(ref_inputs); }, itself)},
        {"`const vec&` in, new vector out", "by name `execute({\"" LAST_R "\"})`",
         measure([&] { return ref_driver.execute({LAST_R}, ref_inputs); },
                 [](const hamilton::results& r) -> const vec& { return r.get<vec>(LAST_R); })},
        {"`vec` by value in and out", "hand-written calls (std::move)", measure([&] { return by_hand_value(input); }, itself)},
        {"`vec` by value in and out", "typed `execute<\"" LAST_V "\">`",
         measure([&] { return value_driver.execute<LAST_V>(value_inputs); }, itself)},
        {"`vec` by value in and out", "by name `execute({\"" LAST_V "\"})`",
         measure([&] { return value_driver.execute({LAST_V}, value_inputs); },
                 [](const hamilton::results& r) -> const vec& { return r.get<vec>(LAST_V); })},
    };

    std::printf("### Peak heap memory: chain of %d nodes passing a %.0f MB std::vector<double> along\n\n",
                CHAIN_LENGTH, vector_mb);
    std::printf("| chain | how | peak MB above start | peak in vectors | MB held after (the result) |\n");
    std::printf("|---|---|---:|---:|---:|\n");
    for (const auto& r : rows)
        std::printf("| %s | %s | %.3f | %.3f | %.3f |\n", r.chain, r.how, r.m.peak_mb, r.m.peak_mb / vector_mb,
                    r.m.held_mb);
    const double worst = std::max(rows[1].m.peak_mb, rows[2].m.peak_mb) / vector_mb;
    const double worst_value = std::max(rows[4].m.peak_mb, rows[5].m.peak_mb) / vector_mb;
    std::printf("\nGoal about two vectors' worth (not %d): const& chain %.2f vectors -> %s; by-value chain %.2f "
                "vectors -> %s\n\n",
                CHAIN_LENGTH, worst, worst <= 2.1 ? "met" : "MISSED", worst_value, worst_value <= 2.1 ? "met" : "MISSED");
    return 0;
}

// hamilton/detail/always_inline.hpp: HAMILTON_DETAIL_ALWAYS_INLINE, for functions of the
// templates that list every node of a graph (builder<Nodes...>, driver<Nodes...>).
//
// g++ names each function it emits, and a name that spells out a thousand nodes costs time
// quadratic in its length. Inlining these small forwarding functions means no such name is
// ever built; the work they forward to takes only one node's or one value's types.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define HAMILTON_DETAIL_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define HAMILTON_DETAIL_ALWAYS_INLINE inline
#endif

// exp, sigmoid and tanh of a vector of LK_W floats, written once over the primitives of lk_isa_<isa>.h:
// the same algorithms and constants as the Swift SIMD16 versions in Sources/LSTMKit/Kernels/VectorMath.swift
// (see there for the derivation), with FMA. Results agree with the Swift versions to within an ULP or two
// (FMA rounds once where Swift rounds twice). Include an lk_isa_<isa>.h first.
#ifndef LSTMKIT_LK_MATH_H
#define LSTMKIT_LK_MATH_H

#define LK_BITS(v) ((lk_vi)(v))       // reinterpret floats as ints and back (same size: a bit cast)
#define LK_FLOATS(i) ((lk_vf)(i))

LK_INLINE lk_vf lk_abs(lk_vf x) { return LK_FLOATS(LK_BITS(x) & lk_seti(0x7FFFFFFF)); }

// e^r on |r| <= ln2/2: 1 + r + r^2 P(r), P minimax of degree 4.
LK_INLINE lk_vf lk_exp_poly(lk_vf r) {
    lk_vf z = r * r;
    lk_vf p = lk_fma(lk_set(1.3814485864713788e-3f), r, lk_set(8.368745446205139e-3f));
    p = lk_fma(p, r, lk_set(4.166839271783829e-2f));
    p = lk_fma(p, r, lk_set(1.666652113199234e-1f));
    p = lk_fma(p, r, lk_set(4.999999403953552e-1f));
    return lk_fma(p, z, r) + lk_set(1.0f);
}

// exp(x) for |x| <= 87 (n in [-126, 126]): x = n ln2 + r, 2^n built from the rounding constant's bits.
LK_INLINE lk_vf lk_exp_in_range(lk_vf x) {
    const lk_vf magic = lk_set(12583039.0f);  // 1.5 * 2^23 + 127
    lk_vf t = lk_fma(x, lk_set(1.44269504088896341f), magic);
    lk_vf fn = t - magic;
    lk_vf r = lk_fnma(fn, lk_set(0.693359375f), x);
    r = lk_fma(fn, lk_set(2.12194440e-4f), r);
    lk_vf scale = LK_FLOATS(LK_BITS(t) << 23);
    return lk_exp_poly(r) * scale;
}

// exp(x) for any x: clamp to [-104, 89] and apply 2^n in two factors (subnormal results rounded once).
LK_INLINE lk_vf lk_exp_any(lk_vf v) {
    lk_vf x = lk_min(lk_max(v, lk_set(-104.0f)), lk_set(89.0f));
    x = lk_select(lk_isnan(v), v, x);  // keep NaN
    const lk_vf magic = lk_set(12583039.0f);
    lk_vf t = lk_fma(x, lk_set(1.44269504088896341f), magic);
    lk_vf fn = t - magic;
    lk_vf r = lk_fnma(fn, lk_set(0.693359375f), x);
    r = lk_fma(fn, lk_set(2.12194440e-4f), r);
    lk_vi n = LK_BITS(t) - lk_seti(0x4B40007F);
    lk_vi k1 = n >> 1;
    lk_vi k2 = n - k1;
    lk_vf s1 = LK_FLOATS((k1 + lk_seti(127)) << 23);
    lk_vf s2 = LK_FLOATS((k2 + lk_seti(127)) << 23);
    return lk_exp_poly(r) * s1 * s2;
}

// 1 / (1 + exp(-x)) for any x: exp(-|x|) / (1 + exp(-|x|)) for negative lanes, 1 / (1 + exp(-|x|)) otherwise.
static __attribute__((noinline)) LK_TARGET lk_vf lk_sigmoid_slow(lk_vf x) {
    lk_vf neg_abs = LK_FLOATS(LK_BITS(x) | lk_seti((int)0x80000000));
    lk_vf e = lk_exp_any(neg_abs);
    lk_vf num = lk_select(lk_lt(x, lk_set(0.0f)), e, lk_set(1.0f));
    return num / (e + lk_set(1.0f));
}

// Sigmoid with the [3/3] Pade form of e^r, one division (fast path for |x| <= 87).
LK_INLINE lk_vf lk_sigmoid(lk_vf x) {
    if (lk_any(lk_gt(lk_abs(x), lk_set(87.0f)))) return lk_sigmoid_slow(x);
    const lk_vf magic = lk_set(12583039.0f);
    lk_vf t = lk_fnma(x, lk_set(1.44269504088896341f), magic);  // magic - x log2 e
    lk_vf fn = t - magic;
    lk_vf q = lk_fma(fn, lk_set(0.693359375f), x);
    q = lk_fnma(fn, lk_set(2.12194440e-4f), q);
    lk_vf z = q * q;
    lk_vf even = lk_fma(z, lk_set(0.1f), lk_set(1.0f));
    lk_vf odd = lk_fma(z, lk_set(8.33333333e-3f), lk_set(0.5f)) * q;
    lk_vf num = even - odd;
    lk_vf den = even + odd;
    lk_vf scale = LK_FLOATS(LK_BITS(t) << 23);
    return den / lk_fma(scale, num, den);
}

// tanh: odd polynomial below |x| = 0.625, 1 - 2 / (exp(2|x|) + 1) above (|x| clamped to 9.5); sign restored.
LK_INLINE lk_vf lk_tanh(lk_vf x) {
    lk_vi bits = LK_BITS(x);
    lk_vi sign = bits & lk_seti((int)0x80000000);
    lk_vf ax = LK_FLOATS(bits & lk_seti(0x7FFFFFFF));
    lk_vf z = ax * ax;
    lk_vf p = lk_fma(lk_set(-5.70498872745e-3f), z, lk_set(2.06390887954e-2f));
    p = lk_fma(p, z, lk_set(-5.37397155531e-2f));
    p = lk_fma(p, z, lk_set(1.33314422036e-1f));
    p = lk_fma(p, z, lk_set(-3.33332819422e-1f));
    lk_vf small = lk_fma(p * z, ax, ax);
    lk_vf c = lk_select(lk_gt(ax, lk_set(9.5f)), lk_set(9.5f), ax);
    lk_vf e = lk_exp_in_range(c + c);
    lk_vf large = lk_set(1.0f) - lk_set(2.0f) / (e + lk_set(1.0f));
    lk_vf r = lk_select(lk_lt(ax, lk_set(0.625f)), small, large);
    return LK_FLOATS(LK_BITS(r) | sign);
}

#endif

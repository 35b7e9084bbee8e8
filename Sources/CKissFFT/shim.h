#ifndef LSTMKIT_CKISSFFT_SHIM_H
#define LSTMKIT_CKISSFFT_SHIM_H
// kissfft 131 (Debian: libkissfft-dev, BSD-3-Clause), the real FFT of the audio features
// (Sources/LSTMKit/Audio/FFT.swift). Debian builds the single-precision library (libkissfft-float), whose
// pkg-config file also defines kiss_fft_scalar=float; it is defined here too so the header agrees without it.
#ifndef kiss_fft_scalar
#define kiss_fft_scalar float
#endif
#include <kissfft/kiss_fftr.h>
#endif

# gst-streamlab: the ORC kernels (see gstslorc.h for where each one is used
# and how the element chooses between it and its plain C loop).
#
# After editing, run `meson compile -C build update-orc-dist` and commit the
# regenerated gstslorc-dist.c and gstslorc-dist.h: they are what builds
# without orcc.

# d1 = s1 * p1 (the first tap of a FIR, a gain)
.function sl_orc_mul_f64
.dest 8 d1 gdouble
.source 8 s1 gdouble
.doubleparam 8 p1

muld d1, s1, p1

# d1 += s1 * p1 (one tap of a FIR, over a block of outputs)
.function sl_orc_mac_f64
.dest 8 d1 gdouble
.source 8 s1 gdouble
.doubleparam 8 p1
.temp 8 t1

muld t1, s1, p1
addd d1, d1, t1

# F32 samples to the F64 the filters work in
.function sl_orc_convert_f32_f64
.dest 8 d1 gdouble
.source 4 s1 gfloat

convfd d1, s1

# and back
.function sl_orc_convert_f64_f32
.dest 4 d1 gfloat
.source 8 s1 gdouble

convdf d1, s1

# d1 += s1 * p1 + s2 * p2 + s3 * p3 + s4 * p4, added one after the other
# (in the order of sl_orc_mac_f64 four times, with a quarter of the loads
# and stores of d1)
.function sl_orc_mac4_f64
.dest 8 d1 gdouble
.source 8 s1 gdouble
.source 8 s2 gdouble
.source 8 s3 gdouble
.source 8 s4 gdouble
.doubleparam 8 p1
.doubleparam 8 p2
.doubleparam 8 p3
.doubleparam 8 p4
.temp 8 t1
.temp 8 t2

muld t1, s1, p1
addd t2, d1, t1
muld t1, s2, p2
addd t2, t2, t1
muld t1, s3, p3
addd t2, t2, t1
muld t1, s4, p4
addd d1, t2, t1

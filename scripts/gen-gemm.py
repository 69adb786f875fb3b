#!/usr/bin/env python3
"""Generates crema-core's Vector API GEMM classes (SgemmVector, DgemmVector) from one template.

The micro-kernel holds its 24 accumulators in separate local variables (C2 keeps them in registers;
an array of vectors or a helper taking vectors would box them), so it is written out in full here
rather than by hand twice. Run from the repository root: python3 scripts/gen-gemm.py
"""
import os

MR = 12
OUT = "crema-core/src/main/java/org/crema/backend"

def kernel_body(rows=MR):
    """The micro-kernel for the first `rows` rows of an MR-row panel (rows < MR: remainder panels)."""
    acc = [f"c{r}_{h}" for r in range(rows) for h in range(2)]
    lines = []
    for i in range(0, len(acc), 8):
        lines.append("        $VEC " + ", ".join(f"{a} = $VEC.zero(S)" for a in acc[i:i + 8]) + ";")
    lines.append("        for (int p = 0; p < kc; p++, ai += MR, bi += bs) {")
    lines.append("            $VEC b0 = $VEC.fromArray(S, bp, bi);")
    lines.append("            $VEC b1 = $VEC.fromArray(S, bp, bi + L);")
    lines.append("            $VEC av;")
    for r in range(rows):
        lines.append(f"            av = $VEC.broadcast(S, ap[ai + {r}]); c{r}_0 = av.fma(b0, c{r}_0); c{r}_1 = av.fma(b1, c{r}_1);")
    lines.append("        }")
    lines.append("        if (nr == NR) {")
    lines.append("            $VEC bv = $VEC.broadcast(S, beta);")
    for r in range(rows):
        if r > 0:
            lines.append(f"            if (mr == {r}) return;")
            lines.append("            ci += ldc;")
        lines.append(f"            if (load) {{ c{r}_0 = $VEC.fromArray(S, c, ci).fma(bv, c{r}_0); c{r}_1 = $VEC.fromArray(S, c, ci + L).fma(bv, c{r}_1); }}")
        lines.append(f"            c{r}_0.intoArray(c, ci); c{r}_1.intoArray(c, ci + L);")
    lines.append("            return;")
    lines.append("        }")
    lines.append("        // a partial column panel goes through scratch so no vector store runs past the row")
    for r in range(rows):
        lines.append(f"        c{r}_0.intoArray(scratch, {r} * NR); c{r}_1.intoArray(scratch, {r} * NR + L);")
    lines.append("        mergeEdge(scratch, c, ci, ldc, mr, nr, load, beta);")
    return "\n".join(lines)

def dot_body():
    L = []
    acc = [f"s{i}{j}" for i in range(4) for j in range(4)]
    L.append("        $VEC " + ", ".join(f"{x} = $VEC.zero(S)" for x in acc[:8]) + ";")
    L.append("        $VEC " + ", ".join(f"{x} = $VEC.zero(S)" for x in acc[8:]) + ";")
    L.append("        int p = 0;")
    def step(mask):
        m = ", m" if mask else ""
        out = []
        for i in range(4):
            out.append(f"            $VEC x{i} = $VEC.fromArray(S, a, a{i} + p{m});")
        for j in range(4):
            out.append(f"            $VEC y{j} = $VEC.fromArray(S, b, b{j} + p{m});")
        for i in range(4):
            out.append("            " + " ".join(f"s{i}{j} = x{i}.fma(y{j}, s{i}{j});" for j in range(4)))
        return out
    L.append("        for (; p <= kd - L; p += L) {")
    L += step(False)
    L.append("        }")
    for i in range(4):
        for j in range(4):
            L.append(f"        s{i}{j}.intoArray(lanes, {i * 4 + j} * L);")
    L.append("        // lanes summed in a fixed order: reduceLanes(ADD) may reorder, differently interpreted and")
    L.append("        // compiled, and results must not depend on when C2 got to this method")
    for i in range(4):
        for j in range(4):
            L.append(f"        $ELEM t{i}{j} = lanes[{i * 4 + j} * L];")
    L.append("        for (int q = 1; q < L; q++) {")
    for i in range(4):
        L.append("            " + " ".join(f"t{i}{j} += lanes[{i * 4 + j} * L + q];" for j in range(4)))
    L.append("        }")
    L.append("        // the tail in scalar code: a masked copy of the loop would double the method, and C1 runs")
    L.append("        // out of registers on it while C2 has not compiled it yet")
    L.append("        for (; p < kd; p++) {")
    L.append("            $ELEM x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];")
    L.append("            $ELEM y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];")
    for i in range(4):
        L.append("            " + " ".join(f"t{i}{j} += x{i} * y{j};" for j in range(4)))
    L.append("        }")
    for i in range(4):
        for j in range(4):
            L.append(f"        out[{i * 4 + j}] = t{i}{j};")
    return "\n".join(L)

def render(template, t):
    body = kernel_body()
    s = template.replace("%KERNEL%", body).replace("%KERNEL4%", kernel_body(4)).replace("%KERNEL8%", kernel_body(8)) \
        .replace("%DOT%", dot_body())
    if t == "float":
        s = s.replace("$CLS", "SgemmVector").replace("$VEC", "FloatVector").replace("$ELEM", "float") \
             .replace("$BOX", "Float").replace("$ZERO", "0f").replace("$ONE", "1f").replace("$NAME", "sgemm")
    else:
        s = s.replace("$CLS", "DgemmVector").replace("$VEC", "DoubleVector").replace("$ELEM", "double") \
             .replace("$BOX", "Double").replace("$ZERO", "0.0").replace("$ONE", "1.0").replace("$NAME", "dgemm")
    return s

here = os.path.dirname(os.path.abspath(__file__))
template = open(os.path.join(here, "GemmVector.java.template")).read()
for t in ("float", "double"):
    name = "SgemmVector" if t == "float" else "DgemmVector"
    with open(os.path.join(OUT, name + ".java"), "w") as f:
        f.write(render(template, t))

package syntax

// Arc-hybrid transition system (Kuhlmann et al. 2011) with the dynamic
// oracle of Goldberg and Nivre (2013). Token 0 is the artificial root,
// which starts on the stack; words are 1..n.
//
// Actions are unlabelled: SHIFT, LEFT-ARC (s0 ← b0, pop s0) and RIGHT-ARC
// (s1 → s0, pop s0); a separate classifier labels each arc as it is made.
// The root may only take its single dependent (label "root") when the
// buffer is empty.

const (
	actShift = iota
	actLeft
	actRight
	nActions
)

// state is a parser configuration plus the bookkeeping features need.
type state struct {
	n                  int
	stack              []int32
	b                  int32 // front of the buffer; > n when empty
	head               []int32
	label              []int16
	lc1, lc2, rc1, rc2 []int32
	nl, nr             []int16
	lset, rset         []uint64
}

func (st *state) reset(n int) {
	st.n = n
	m := n + 1
	if cap(st.head) < m {
		c := 2 * m
		st.stack = make([]int32, 0, c)
		st.head = make([]int32, c)
		st.label = make([]int16, c)
		st.lc1, st.lc2, st.rc1, st.rc2 = make([]int32, c), make([]int32, c), make([]int32, c), make([]int32, c)
		st.nl, st.nr = make([]int16, c), make([]int16, c)
		st.lset, st.rset = make([]uint64, c), make([]uint64, c)
	}
	st.head, st.label = st.head[:m], st.label[:m]
	st.lc1, st.lc2, st.rc1, st.rc2 = st.lc1[:m], st.lc2[:m], st.rc1[:m], st.rc2[:m]
	st.nl, st.nr, st.lset, st.rset = st.nl[:m], st.nr[:m], st.lset[:m], st.rset[:m]
	for i := 0; i < m; i++ {
		st.head[i], st.label[i] = -1, -1
		st.lc1[i], st.lc2[i], st.rc1[i], st.rc2[i] = -1, -1, -1, -1
		st.nl[i], st.nr[i], st.lset[i], st.rset[i] = 0, 0, 0, 0
	}
	st.stack = append(st.stack[:0], 0)
	st.b = 1
}

func (st *state) terminal() bool { return st.b > int32(st.n) && len(st.stack) == 1 }

// s returns stack item i from the top (0 = top), or -1.
func (st *state) s(i int) int32 {
	if i < len(st.stack) {
		return st.stack[len(st.stack)-1-i]
	}
	return -1
}

// bf returns buffer item i, or -1.
func (st *state) bf(i int) int32 {
	if p := st.b + int32(i); p <= int32(st.n) {
		return p
	}
	return -1
}

func (st *state) addArc(h, d int32, l int) {
	st.head[d] = h
	st.label[d] = int16(l)
	if d < h {
		st.nl[h]++
		st.lset[h] |= 1 << uint(l&63)
		if st.lc1[h] < 0 || d < st.lc1[h] {
			st.lc2[h] = st.lc1[h]
			st.lc1[h] = d
		} else if st.lc2[h] < 0 || d < st.lc2[h] {
			st.lc2[h] = d
		}
	} else {
		st.nr[h]++
		st.rset[h] |= 1 << uint(l&63)
		if st.rc1[h] < 0 || d > st.rc1[h] {
			st.rc2[h] = st.rc1[h]
			st.rc1[h] = d
		} else if st.rc2[h] < 0 || d > st.rc2[h] {
			st.rc2[h] = d
		}
	}
}

// valid writes into ok which actions are allowed.
func (st *state) valid(ok []bool) {
	bufOK := st.b <= int32(st.n)
	s0, s1 := st.s(0), st.s(1)
	ok[actShift] = bufOK
	ok[actLeft] = bufOK && s0 > 0
	ok[actRight] = s1 > 0 || s1 == 0 && !bufOK
}

// arc returns the head and dependent of an arc action.
func (st *state) arc(a int) (h, d int32) {
	d = st.stack[len(st.stack)-1]
	if a == actLeft {
		return st.b, d
	}
	return st.stack[len(st.stack)-2], d
}

// apply performs action a; label l is used by the arc actions.
func (st *state) apply(a, l int) {
	if a == actShift {
		st.stack = append(st.stack, st.b)
		st.b++
		return
	}
	h, d := st.arc(a)
	st.stack = st.stack[:len(st.stack)-1]
	st.addArc(h, d, l)
}

// costs returns the number of gold arcs that SHIFT, LEFT-ARC and
// RIGHT-ARC would make unreachable (Goldberg and Nivre 2013); gh holds the
// gold heads indexed by token (gh[0] unused).
func (st *state) costs(gh []int32, cost *[nActions]int) {
	n := int32(st.n)
	s0, s1, b0 := st.s(0), st.s(1), st.bf(0)
	depsInBuf := 0
	if s0 >= 0 {
		for k := st.b; k <= n; k++ {
			if gh[k] == s0 {
				depsInBuf++
			}
		}
	}
	cSh, cLa, cRa := 0, 0, 0
	if b0 > 0 {
		for i, k := range st.stack {
			if k != 0 && gh[k] == b0 {
				cSh++
			}
			if gh[b0] == k && i != len(st.stack)-1 {
				cSh++
			}
		}
	}
	if s0 > 0 {
		cLa = depsInBuf
		if b0 > 0 && gh[s0] != b0 && (gh[s0] == s1 || gh[s0] > b0) {
			cLa++
		}
		cRa = depsInBuf
		if gh[s0] != s1 && gh[s0] >= st.b {
			cRa++
		}
	}
	cost[actShift], cost[actLeft], cost[actRight] = cSh, cLa, cRa
}

// parser scores transitions with an averaged perceptron.
type parser struct {
	Labels    []string
	RootLabel int
	W         *weights // transitions: nActions classes
	WL        *weights // arc labels: len(Labels) classes
}

// extraFeatures switches on the second group of parser features.
const extraFeatures = true

// coarseFeatures switches on the UPOS-only combinations and the
// dependent's-children words for the labeller.
const coarseFeatures = true

func distBucket(d int32) uint64 {
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 9:
		return 6
	case d <= 14:
		return 7
	}
	return 8
}

// featView reads the atomic feature values of positions in a parser
// state: the word, the tag and the arc label, with 1 for "no token" and 2
// for the root.
type featView struct {
	st   *state
	ws   []word
	tags []int32
}

func (v featView) word(p int32) uint64 {
	if p < 0 {
		return 1
	}
	if p == 0 {
		return 2
	}
	return v.ws[p].lower
}

func (v featView) tag(p int32) uint64 {
	if p < 0 {
		return 1
	}
	if p == 0 {
		return 2
	}
	return uint64(v.tags[p]) + 3
}

func (v featView) label(p int32) uint64 {
	if p < 0 || v.st.label[p] < 0 {
		return 1
	}
	return uint64(v.st.label[p]) + 2
}

// parseFeatures writes the features of st into buf. ws and tags are
// indexed by token (0 = root).
func parseFeatures(st *state, ws []word, tags []int32, buf []uint64) []uint64 {
	v := featView{st, ws, tags}
	W, T, L := v.word, v.tag, v.label
	child := func(arr []int32, p int32) int32 {
		if p < 0 {
			return -1
		}
		return arr[p]
	}
	s0, s1, s2 := st.s(0), st.s(1), st.s(2)
	b0, b1, b2 := st.bf(0), st.bf(1), st.bf(2)
	s0w, s0t, s1w, s1t, b0w, b0t, b1w, b1t := W(s0), T(s0), W(s1), T(s1), W(b0), T(b0), W(b1), T(b1)
	b2w, b2t, s2t := W(b2), T(b2), T(s2)
	s0wt, s1wt, b0wt, b1wt := f2(0, s0w, s0t), f2(0, s1w, s1t), f2(0, b0w, b0t), f2(0, b1w, b1t)
	s0l1, s0l2, s0r1, s0r2 := child(st.lc1, s0), child(st.lc2, s0), child(st.rc1, s0), child(st.rc2, s0)
	s1l1, s1r1 := child(st.lc1, s1), child(st.rc1, s1)
	b0l1, b0l2 := child(st.lc1, b0), child(st.lc2, b0)
	s0l1t, s0l2t, s0r1t, s0r2t := T(s0l1), T(s0l2), T(s0r1), T(s0r2)
	s1l1t, s1r1t, b0l1t, b0l2t := T(s1l1), T(s1r1), T(b0l1), T(b0l2)
	var d0, d1 uint64
	if s0 >= 0 && b0 >= 0 {
		d0 = distBucket(b0 - s0)
	}
	if s1 >= 0 && s0 >= 0 {
		d1 = distBucket(s0 - s1)
	}
	var s0nl, s0nr, b0nl, s1nl, s1nr uint64
	var s0ls, s0rs, b0ls, s1rs uint64
	if s0 >= 0 {
		s0nl, s0nr, s0ls, s0rs = uint64(st.nl[s0]), uint64(st.nr[s0]), st.lset[s0], st.rset[s0]
	}
	if s1 >= 0 {
		s1nl, s1nr, s1rs = uint64(st.nl[s1]), uint64(st.nr[s1]), st.rset[s1]
	}
	if b0 >= 0 {
		b0nl, b0ls = uint64(st.nl[b0]), st.lset[b0]
	}
	buf = append(buf[:0],
		f1(100, 0),
		f1(101, s0w), f1(102, s0t), f1(103, s0wt),
		f1(104, s1w), f1(105, s1t), f1(106, s1wt),
		f1(107, b0w), f1(108, b0t), f1(109, b0wt),
		f1(110, b1w), f1(111, b1t), f1(112, b1wt),
		f1(113, b2w), f1(114, b2t), f1(115, s2t),
		f2(116, s0wt, b0wt), f2(117, s0wt, b0w), f2(118, s0w, b0wt), f2(119, s0wt, b0t), f2(120, s0t, b0wt),
		f2(121, s0w, b0w), f2(122, s0t, b0t), f2(123, b0t, b1t), f2(124, s1t, s0t), f2(125, s1w, s0w),
		f2(126, s1t, s0w), f2(127, s1w, s0t), f2(128, s1wt, s0wt),
		f3(129, b0t, b1t, b2t), f3(130, s0t, b0t, b1t), f3(131, s1t, s0t, b0t), f3(132, s2t, s1t, s0t),
		f3(133, s0t, s0l1t, b0t), f3(134, s0t, s0r1t, b0t), f3(135, s0t, b0t, b0l1t), f3(136, s1t, s1r1t, s0t),
		f3(137, s1t, s1l1t, s0t), f3(138, s0t, s0l1t, s0l2t), f3(139, s0t, s0r1t, s0r2t), f3(140, b0t, b0l1t, b0l2t),
		f2(141, d0, s0w), f2(142, d0, s0t), f2(143, d0, b0w), f2(144, d0, b0t), f3(145, d0, s0t, b0t),
		f3(146, d1, s1t, s0t), f3(147, d1, s1w, s0w),
		f2(148, s0t, s0nl), f2(149, s0t, s0nr), f2(150, s0w, s0nl), f2(151, s0w, s0nr),
		f2(152, b0w, b0nl), f2(153, b0t, b0nl), f2(154, s1t, s1nr), f2(155, s1t, s1nl),
		f1(156, L(s0l1)), f1(157, L(s0l2)), f1(158, L(s0r1)), f1(159, L(s0r2)), f1(160, L(b0l1)), f1(161, L(b0l2)),
		f2(162, s0w, s0ls), f2(163, s0t, s0ls), f2(164, s0w, s0rs), f2(165, s0t, s0rs),
		f2(166, b0w, b0ls), f2(167, b0t, b0ls), f2(168, s1t, s1rs),
		f1(169, W(s0l1)), f1(170, s0l1t), f1(171, W(s0r1)), f1(172, s0r1t), f1(173, W(b0l1)), f1(174, b0l1t),
		f1(175, s1l1t), f1(176, s1r1t), f1(177, W(s1r1)),
		f3(178, s0t, b0t, L(s0l1)), f3(179, s0t, b0t, L(s0r1)), f3(180, s1t, s0t, L(s1r1)),
		f2(181, b0w, b1w), f3(182, s0w, b0w, b1t), f2(183, b1wt, b0t),
	)
	if extraFeatures {
		var s0suf, b0suf, s0fl, b0fl uint64 = 1, 1, 1, 1
		if s0 > 0 {
			s0suf, s0fl = ws[s0].suf[2], ws[s0].flags
		}
		if b0 > 0 {
			b0suf, b0fl = ws[b0].suf[2], ws[b0].flags
		}
		b3t := T(st.bf(3))
		buf = append(buf,
			f2(184, s0suf, s0t), f2(185, b0suf, b0t), f3(186, s0suf, b0suf, b0t),
			f2(187, s0fl, s0t), f2(188, b0fl, b0t),
			f1(189, b3t), f3(190, b1t, b2t, b3t),
			f3(191, s0w, b0w, b1w), f3(192, s1w, s0t, b0t), f3(193, s1t, s0w, b0t), f3(194, s1t, s0t, b0w),
			f1(195, W(s2)), f2(196, s2t, s1t),
			f2(197, W(s0l1), s0t), f2(198, W(s0r1), s0t), f2(199, L(b0l1), b0t),
		)
	}
	if coarseFeatures {
		U := func(p int32) uint64 {
			if p < 0 {
				return 1
			}
			if p == 0 {
				return 2
			}
			return ws[p].utag
		}
		s0u, s1u, b0u, b1u := U(s0), U(s1), U(b0), U(b1)
		buf = append(buf,
			f3(260, s0u, b0u, b1u), f3(261, s1u, s0u, b0u), f2(262, s0u, b0u), f3(263, s0u, b0u, d0),
			f3(264, s0w, b0u, b1u), f3(265, s0u, b0w, b1u), f3(266, s1u, s0u, d1),
		)
	}
	return buf
}

// labelFeatures writes the features for labelling the arc h → d made by
// action a.
func labelFeatures(st *state, ws []word, tags []int32, a int, h, d int32, buf []uint64) []uint64 {
	v := featView{st, ws, tags}
	W, T, L := v.word, v.tag, v.label
	dir := uint64(a)
	hw, ht, dw, dt := W(h), T(h), W(d), T(d)
	var dist uint64
	if h > d {
		dist = distBucket(h - d)
	} else {
		dist = distBucket(d - h)
	}
	var dsuf, hsuf uint64 = 1, 1
	if d > 0 {
		dsuf = ws[d].suf[2]
	}
	if h > 0 {
		hsuf = ws[h].suf[2]
	}
	b0 := st.bf(0)
	if a == actLeft {
		b0 = st.bf(1)
	}
	s1 := st.s(1)
	if a == actRight {
		s1 = st.s(2)
	}
	buf = append(buf[:0],
		f1(200, dir),
		f2(201, dir, dw), f2(202, dir, dt), f3(203, dir, dw, dt),
		f2(204, dir, hw), f2(205, dir, ht), f3(206, dir, hw, ht),
		f3(207, dir, dt, ht), f3(208, dir, dw, ht), f3(209, dir, dt, hw), f3(210, dir, dw, hw),
		f3(211, dir, dt, dist), f3(212, dir, dt, st.lset[d]), f3(213, dir, dt, st.rset[d]),
		f3(214, dir, ht, st.lset[h]), f3(215, dir, ht, st.rset[h]),
		f2(216, dir, dsuf), f3(217, dir, dsuf, ht), f3(218, dir, hsuf, dt),
		f3(219, dir, dt, T(b0)), f3(220, dir, dt, T(s1)), f3(221, dir, dw, W(b0)),
		f3(222, dir, L(st.lc1[d]), L(st.rc1[d])), f3(223, dir, dt, L(st.lc1[d])), f3(224, dir, dt, L(st.rc1[d])),
		f3(225, dir, ht, W(st.lc1[d])), f2(226, dir, ws[d].flags), f3(227, dir, uint64(st.nl[h]), uint64(st.nr[h])),
		f3(228, dir, dt, uint64(st.nl[d])<<8|uint64(st.nr[d])),
	)
	if coarseFeatures {
		var du, hu uint64 = 1, 2
		if d > 0 {
			du = ws[d].utag
		}
		if h > 0 {
			hu = ws[h].utag
		}
		buf = append(buf,
			f3(270, dir, W(st.lc1[d]), dt), f3(271, dir, W(st.rc1[d]), dt), f3(272, dir, du, hu<<4|dist),
		)
	}
	return buf
}

// parseWith parses the prepared words ws (index 0 = root) with tags; heads
// and labels are left in st.
func (p *parser) parseWith(st *state, ws []word, tags []int32, buf []uint64, scores []float32, ok []bool) {
	n := len(ws) - 1
	st.reset(n)
	var ts [nActions]float32
	for !st.terminal() {
		buf = parseFeatures(st, ws, tags, buf)
		p.W.score(buf, ts[:])
		st.valid(ok)
		a := bestValid(ts[:], ok)
		l := 0
		if a != actShift {
			l = p.label(st, ws, tags, a, buf, scores)
		}
		st.apply(a, l)
	}
}

// label predicts the label of the arc action a in st.
func (p *parser) label(st *state, ws []word, tags []int32, a int, buf []uint64, scores []float32) int {
	h, d := st.arc(a)
	if h == 0 {
		return p.RootLabel
	}
	buf = labelFeatures(st, ws, tags, a, h, d, buf)
	p.WL.score(buf, scores)
	b := -1
	for i, v := range scores[:len(p.Labels)] {
		if i != p.RootLabel && (b < 0 || v > scores[b]) {
			b = i
		}
	}
	return b
}

func bestValid(scores []float32, ok []bool) int {
	b := -1
	for i, v := range scores {
		if ok[i] && (b < 0 || v > scores[b]) {
			b = i
		}
	}
	return b
}

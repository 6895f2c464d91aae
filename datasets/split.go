package datasets

import "fmt"

// mt19937 is the 32-bit Mersenne Twister, seeded as PyTorch's CPU generator
// (torch.Generator().manual_seed(seed)) seeds it.
type mt19937 struct {
	state [624]uint32
	next  int
}

func newMT19937(seed uint64) *mt19937 {
	m := &mt19937{next: 624}
	m.state[0] = uint32(seed)
	for j := 1; j < 624; j++ {
		prev := m.state[j-1]
		m.state[j] = 1812433253*(prev^(prev>>30)) + uint32(j)
	}
	return m
}

func (m *mt19937) uint32() uint32 {
	const upper, lower = 0x80000000, 0x7fffffff
	if m.next >= 624 {
		for i := range 624 {
			y := m.state[i]&upper | m.state[(i+1)%624]&lower
			v := m.state[(i+397)%624] ^ (y >> 1)
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			m.state[i] = v
		}
		m.next = 0
	}
	y := m.state[m.next]
	m.next++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// TorchRandPerm returns the permutation of 0..n-1 that PyTorch's
// torch.randperm(n, generator=torch.Generator().manual_seed(seed)) returns on
// the CPU (Fisher-Yates driven by MT19937, as in ATen's randperm_cpu; valid
// for n < 2^32/20).
func TorchRandPerm(n int, seed uint64) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	g := newMT19937(seed)
	for i := 0; i < n-1; i++ {
		z := int(uint64(g.uint32()) % uint64(n-i))
		r[i], r[z+i] = r[z+i], r[i]
	}
	return r
}

// Split divides ds into a first part of nFirst samples and a second part of
// the rest, exactly as torch.utils.data.random_split(ds, [nFirst, N-nFirst],
// generator=torch.Generator().manual_seed(seed)): the LeNet-1 chapter's
// 55,000/5,000 MNIST split is Split(train, 55000, 42).
func Split(ds *Dataset, nFirst int, seed uint64) (first, second *Dataset, err error) {
	if nFirst < 0 || nFirst > ds.N {
		return nil, nil, fmt.Errorf("datasets: %s: split of %d samples: want 0..%d", ds.Name, nFirst, ds.N)
	}
	perm := TorchRandPerm(ds.N, seed)
	if first, err = ds.Subset(ds.Name+"[split 1]", perm[:nFirst]); err != nil {
		return nil, nil, err
	}
	if second, err = ds.Subset(ds.Name+"[split 2]", perm[nFirst:]); err != nil {
		return nil, nil, err
	}
	return first, second, nil
}

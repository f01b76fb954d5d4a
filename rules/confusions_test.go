package rules

import "testing"

func TestHanConfusions(t *testing.T) {
	_, m, err := HanConfusions()
	if err != nil {
		t.Fatal(err)
	}
	if m['宄'] != '究' || m['贵'] != '责' {
		t.Fatalf("table %v", m)
	}
	if _, _, err := ParseHanConfusions([]byte("# name: han_confusions\n# version: 1\n研宄\t研究\n")); err == nil {
		t.Fatal("accepted two characters in a cell")
	}
}

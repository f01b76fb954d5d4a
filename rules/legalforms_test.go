package rules

import (
	"strings"
	"testing"
)

func TestLegalFormsEmbedded(t *testing.T) {
	lex, forms, err := LegalForms()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Name != "legal_forms" || lex.Version < 1 {
		t.Fatalf("lexicon = %+v", lex)
	}
	want := map[string]string{
		"有限公司": "limited", "股份有限公司": "joint_stock", "gmbh": "limited", "ооо": "limited",
		"株式会社": "joint_stock", "주식회사": "joint_stock", "co ltd": "limited", "集团": "group",
		"inc": "corporation", "plc": "joint_stock", "jsc": "joint_stock",
	}
	got := map[string]string{}
	for _, f := range forms {
		if f.Form != strings.ToLower(f.Form) || strings.TrimSpace(f.Form) != f.Form {
			t.Errorf("form %q is not folded", f.Form)
		}
		got[f.Form] = f.Class
	}
	for form, class := range want {
		if got[form] != class {
			t.Errorf("class of %q = %q, want %q", form, got[form], class)
		}
	}
}

func TestParseLegalFormsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no header", "limited\ten\tltd\n", "header"},
		{"wrong name", "# name: stopwords\n# version: 1\n", "want legal_forms"},
		{"short line", "# name: legal_forms\n# version: 1\nlimited\tltd\n", "line 3: 2 fields"},
		{"empty field", "# name: legal_forms\n# version: 1\nlimited\t\tltd\n", "field 2 is empty"},
		{"bad version", "# name: legal_forms\n# version: one\n", "not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseLegalForms([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

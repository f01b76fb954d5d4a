package address

import (
	"sync"
	"testing"
)

// parseCases are real-world-style addresses in every order and script the
// inputs use, with what Parse must make of them. Raw is not compared.
var parseCases = []struct {
	in   string
	want Address
}{
	{"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036", Building: Building{Name: "langchao", Block: "a", Floor: "3", Room: "301"}}},
	{"山东省济南市高新区浪潮路1036号", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"济南市浪潮路1036号", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"山东济南高新区浪潮路1036号浪潮科技园S01楼", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036", Building: Building{Name: "s01"}, Unparsed: "langchaokejiyuan"}},
	{"山东省济南市浪潮路１０３６号", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"No. 1036 Langchao Road, Hi-tech Zone, Jinan, Shandong 250101, China", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036", PostalCode: "250101"}},
	{"1036 Langchao Rd., High-Tech Zone, Jinan 250101, P.R. China", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036", PostalCode: "250101"}},
	{"Room 301, 3/F, Block A, Inspur Building, 1036 Langchao Rd., Jinan", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036", Building: Building{Name: "inspur", Block: "a", Floor: "3", Room: "301"}}},
	{"Rm 301, F3, Tower A, Inspur Bldg, #1036 Langchao Road, Jinan City, Shandong Province", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036", Building: Building{Name: "inspur", Block: "a", Floor: "3", Room: "301"}}},
	{"Shandong Sheng Jinan Shi Langchao Lu 1036 Hao", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"Shandong Sheng Jinan Shi Gaoxin Qu Langchao Lu 1036 Hao", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"INSPUR BUILDING 1036 LANGCHAO ROAD JINAN SHANDONG 250101 CHINA", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036", Building: Building{Name: "inspur"}, PostalCode: "250101"}},
	{"No.1038 Langchao Road, Jinan", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1038"}},
	{"北京市海淀区中关村大街27号", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "zhongguancun", StreetType: "street", Number: "27"}},
	{"27 Zhongguancun Street, Haidian District, Beijing", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "zhongguancun", StreetType: "street", Number: "27"}},
	{"27 Zhongguancun Ave., Haidian Dist., Beijing 100080", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "zhongguancun", StreetType: "avenue", Number: "27", PostalCode: "100080"}},
	{"Beijing Shi Haidian Qu Zhongguancun Dajie 27 Hao", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "zhongguancun", StreetType: "street", Number: "27"}},
	{"北京海淀区中关村27号", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "zhongguancun", Number: "27"}},
	{"四川省绵阳市游仙区绵山路64号", Address{Country: "china", Province: "sichuan", City: "mianyang", District: "youxian", Street: "mianshan", StreetType: "road", Number: "64"}},
	{"64 Mianshan Road, Youxian District, Mianyang, Sichuan 621000", Address{Country: "china", Province: "sichuan", City: "mianyang", District: "youxian", Street: "mianshan", StreetType: "road", Number: "64", PostalCode: "621000"}},
	{"92 West Dazhi Street, Nangang District, Harbin, Heilongjiang 150001", Address{Country: "china", Province: "heilongjiang", City: "harbin", District: "nangang", Street: "dazhixi", StreetType: "street", Number: "92", PostalCode: "150001"}},
	{"黑龙江省哈尔滨市南岗区西大直街92号", Address{Country: "china", Province: "heilongjiang", City: "harbin", District: "nangang", Street: "dazhixi", StreetType: "street", Number: "92"}},
	{"上海市浦东新区张江高科技园区碧波路690号", Address{Country: "china", Province: "shanghai", City: "shanghai", District: "pudong", Street: "bibo", StreetType: "road", Number: "690", Unparsed: "zhangjianggaokejiyuan"}},
	{"690 Bibo Road, Pudong New Area, Shanghai 201203", Address{Country: "china", Province: "shanghai", City: "shanghai", District: "pudong", Street: "bibo", StreetType: "road", Number: "690", PostalCode: "201203"}},
	{"广东省深圳市南山区科技南十二路2号", Address{Country: "china", Province: "guangdong", City: "shenzhen", District: "nanshan", Street: "kejinan12", StreetType: "road", Number: "2"}},
	{"No. 2 Keji South 12th Road, Nanshan District, Shenzhen, Guangdong", Address{Country: "china", Province: "guangdong", City: "shenzhen", District: "nanshan", Street: "kejinan12", StreetType: "road", Number: "2"}},
	{"广州市天河区天河北路233号中信广场58楼", Address{Country: "china", Province: "guangdong", City: "guangzhou", District: "tianhe", Street: "tianhebei", StreetType: "road", Number: "233", Building: Building{Name: "zhongxin", Floor: "58"}}},
	{"58/F, CITIC Plaza, 233 Tianhe North Road, Tianhe District, Guangzhou", Address{Country: "china", Province: "guangdong", City: "guangzhou", District: "tianhe", Street: "tianhebei", StreetType: "road", Number: "233", Building: Building{Name: "citic", Floor: "58"}}},
	{"江苏省苏州工业园区星湖街328号", Address{Country: "china", Province: "jiangsu", City: "suzhou", District: "gongyeyuan", Street: "xinghu", StreetType: "street", Number: "328"}},
	{"328 Xinghu Street, Suzhou Industrial Park, Suzhou, Jiangsu", Address{Country: "china", Province: "jiangsu", City: "suzhou", District: "gongyeyuan", Street: "xinghu", StreetType: "street", Number: "328"}},
	{"陕西省西安市雁塔区科技二路72号", Address{Country: "china", Province: "shaanxi", City: "xian", District: "yanta", Street: "keji2", StreetType: "road", Number: "72"}},
	{"72 Keji 2nd Road, Yanta District, Xi'an, Shaanxi", Address{Country: "china", Province: "shaanxi", City: "xian", District: "yanta", Street: "keji2", StreetType: "road", Number: "72"}},
	{"湖北省武汉市东湖新技术开发区关山大道1号", Address{Country: "china", Province: "hubei", City: "wuhan", District: "donghugaoxin", Street: "guanshan", StreetType: "avenue", Number: "1"}},
	{"No.1 Guanshan Avenue, East Lake High-tech Zone, Wuhan, Hubei", Address{Country: "china", Province: "hubei", City: "wuhan", District: "donglakegaoxin", Street: "guanshan", StreetType: "avenue", Number: "1"}},
	{"浙江省杭州市滨江区网商路699号", Address{Country: "china", Province: "zhejiang", City: "hangzhou", District: "binjiang", Street: "wangshang", StreetType: "road", Number: "699"}},
	{"699 Wangshang Rd, Binjiang District, Hangzhou 310052", Address{Country: "china", Province: "zhejiang", City: "hangzhou", District: "binjiang", Street: "wangshang", StreetType: "road", Number: "699", PostalCode: "310052"}},
	{"广东省东莞市松山湖高新区新城路2号", Address{Country: "china", Province: "guangdong", City: "dongguan", District: "songshanhu", Street: "xincheng", StreetType: "road", Number: "2"}},
	{"广东省东莞市南城街道宏图路88号", Address{Country: "china", Province: "guangdong", City: "dongguan", Town: "nancheng", Street: "hongtu", StreetType: "road", Number: "88"}},
	{"88 Hongtu Road, Nancheng Subdistrict, Dongguan, Guangdong", Address{Country: "china", Province: "guangdong", City: "dongguan", Town: "nancheng", Street: "hongtu", StreetType: "road", Number: "88"}},
	{"北京市朝阳区建国门外大街1号国贸大厦2座10层1001室", Address{Country: "china", Province: "beijing", City: "beijing", District: "chaoyang", Street: "jianguomenwai", StreetType: "street", Number: "1", Building: Building{Name: "guomao", Block: "2", Floor: "10", Room: "1001"}}},
	{"Room 1001, 10/F, Tower 2, China World Tower, 1 Jianguomenwai Avenue, Chaoyang District, Beijing", Address{Country: "china", Province: "beijing", City: "beijing", District: "chaoyang", Street: "jianguomenwai", StreetType: "avenue", Number: "1", Building: Building{Name: "chinaworld", Block: "2", Floor: "10", Room: "1001"}}},
	{"天津市滨海新区第三大街11号", Address{Country: "china", Province: "tianjin", City: "tianjin", District: "binhai", Street: "3", StreetType: "street", Number: "11"}},
	{"北京市昌平区回龙观镇龙域北街3号院2号楼3单元501室", Address{Country: "china", Province: "beijing", City: "beijing", District: "changping", Town: "huilongguan", Street: "longyubei", StreetType: "street", Number: "3", Building: Building{Name: "2", Room: "501", Unit: "3"}, Unparsed: "yuan"}},
	{"重庆市渝北区金开大道1号", Address{Country: "china", Province: "chongqing", City: "chongqing", District: "yubei", Street: "jinkai", StreetType: "avenue", Number: "1"}},
	{"河北省保定市朝阳北大街3108号", Address{Country: "china", Province: "hebei", City: "baoding", Street: "chaoyangbei", StreetType: "street", Number: "3108"}},
	{"新疆维吾尔自治区乌鲁木齐市新市区北京南路40号", Address{Country: "china", Province: "xinjiang", City: "urumqi", District: "xinshi", Street: "beijingnan", StreetType: "road", Number: "40"}},
	{"内蒙古自治区呼和浩特市赛罕区大学西街235号", Address{Country: "china", Province: "inner mongolia", City: "hohhot", District: "saihan", Street: "daxuexi", StreetType: "street", Number: "235"}},
	{"Add: No. 8 Kexue Road, Zhengzhou, Henan, PRC 450001", Address{Country: "china", Province: "henan", City: "zhengzhou", Street: "kexue", StreetType: "road", Number: "8", PostalCode: "450001"}},
	{"地址：山东省青岛市崂山区株洲路153号 邮编:266101", Address{Country: "china", Province: "shandong", City: "qingdao", District: "laoshan", Street: "zhuzhou", StreetType: "road", Number: "153", PostalCode: "266101"}},
	{"长安区中山东路1号", Address{District: "changan", Street: "zhongshandong", StreetType: "road", Number: "1"}},
	{"1600 Amphitheatre Parkway, Mountain View, CA 94043, USA", Address{Country: "united states", Street: "amphitheatre", StreetType: "parkway", Number: "1600", PostalCode: "94043", Unparsed: "mountain view ca"}},
	// Addresses abroad: the house number after a glued street word, postal
	// codes lifted out before they read as numbers, a US state and ZIP code
	// implying the country, a street without a type word.
	{"Musterstraße 5, 10115 Berlin, Germany", Address{Country: "germany", Street: "muster", StreetType: "street", Number: "5", PostalCode: "10115", Unparsed: "berlin"}},
	{"Hauptstrasse 82, 70173 Stuttgart, Germany", Address{Country: "germany", Street: "haupt", StreetType: "street", Number: "82", PostalCode: "70173", Unparsed: "stuttgart"}},
	{"482 INNOVATION WAY, SAN JOSE, CA 95134", Address{Country: "united states", Street: "innovation", StreetType: "drive", Number: "482", PostalCode: "95134", Unparsed: "san jose ca"}},
	{"De Run 6501, 5504 DR Veldhoven, Netherlands", Address{Country: "netherlands", Street: "derun", Number: "6501", PostalCode: "5504", Unparsed: "veldhoven"}},
	{"Damrak 97, 1012 AB Amsterdam, Netherlands", Address{Country: "netherlands", Street: "damrak", Number: "97", PostalCode: "1012", Unparsed: "amsterdam"}},
	{"183 NATHAN ROAD, SHA TIN, HONG KONG", Address{Country: "hong kong", Street: "nathan", StreetType: "road", Number: "183", Unparsed: "sha tin"}},
	{"", Address{}},
	{"   ", Address{}},
	{"PO Box 123", Address{Unparsed: "po box 123"}},
	{"Jinan 高新区浪潮路1036号", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"山东省 济南市 高新区 浪潮路 1036号", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"ＮＯ．１０３６ ＬＡＮＧＣＨＡＯ ＲＯＡＤ，ＪＩＮＡＮ", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"山东省济南市高新区浪潮路1036号 250101", Address{Country: "china", Province: "shandong", City: "jinan", District: "gaoxin", Street: "langchao", StreetType: "road", Number: "1036", PostalCode: "250101"}},
	{"1036 Langchao Road, Jinan City, Shandong Province, China", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"Bldg 3, 18 Xinxi Road, Haidian District, Beijing", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "xinxi", StreetType: "road", Number: "18", Building: Building{Name: "3"}}},
	{"Suite 1201, 88 Century Avenue, Pudong, Shanghai", Address{Country: "china", Province: "shanghai", City: "shanghai", Street: "century", StreetType: "avenue", Number: "88", Building: Building{Room: "1201"}, Unparsed: "pudong"}},
	{"中国北京市海淀区信息路18号3号楼", Address{Country: "china", Province: "beijing", City: "beijing", District: "haidian", Street: "xinxi", StreetType: "road", Number: "18", Building: Building{Name: "3"}}},
	{"Langchao Lu 1036 Hao, Jinan", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036"}},
	{"浪潮路1036-1038号", Address{Street: "langchao", StreetType: "road", Number: "1036-1038"}},
	{"1036-1038 Langchao Rd, Jinan", Address{Country: "china", Province: "shandong", City: "jinan", Street: "langchao", StreetType: "road", Number: "1036-1038"}},
	{"Unit 2, Room 501, Building 2, Longyu North Street, Huilongguan Town, Changping District, Beijing", Address{Country: "china", Province: "beijing", City: "beijing", District: "changping", Town: "huilongguan", Street: "longyubei", StreetType: "street", Building: Building{Name: "2", Room: "501", Unit: "2"}}},
	{"山东省济南市历下区经十路9999号", Address{Country: "china", Province: "shandong", City: "jinan", District: "lixia", Street: "jingshi", StreetType: "road", Number: "9999"}},
	{"9999 Jingshi Road, Lixia District, Jinan, Shandong 250014", Address{Country: "china", Province: "shandong", City: "jinan", District: "lixia", Street: "jingshi", StreetType: "road", Number: "9999", PostalCode: "250014"}},
	{"浪潮大厦", Address{Building: Building{Name: "langchao"}}},
	{"中国", Address{Country: "china"}},
	{"Jinan", Address{Country: "china", Province: "shandong", City: "jinan"}},
	{"Xian, Shaanxi", Address{Country: "china", Province: "shaanxi", City: "xian"}},
}

func TestParse(t *testing.T) {
	p, err := DefaultParser()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range parseCases {
		got := p.Parse(tc.in)
		if got.Raw != tc.in {
			t.Errorf("Parse(%q).Raw = %q", tc.in, got.Raw)
		}
		got.Raw = ""
		if got != tc.want {
			t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

// TestSameAddressAcrossScripts checks the point of the package: one address
// in Chinese order, English order, pinyin and mixed script gives one key,
// while the next building on the street or another street does not.
func TestSameAddressAcrossScripts(t *testing.T) {
	groups := []struct {
		key   string
		forms []string
	}{
		{"jinan|langchao|1036", []string{
			"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室",
			"山东省济南市浪潮路１０３６号",
			"No. 1036 Langchao Road, Hi-tech Zone, Jinan, Shandong 250101, China",
			"Room 301, 3/F, Block A, Inspur Building, 1036 Langchao Rd., Jinan",
			"Shandong Sheng Jinan Shi Langchao Lu 1036 Hao",
			"Jinan 高新区浪潮路1036号",
			"INSPUR BUILDING 1036 LANGCHAO ROAD JINAN SHANDONG 250101 CHINA",
			"#1036 Langchao Rd, High-Tech Zone, Jinan City",
		}},
		{"beijing|zhongguancun|27", []string{
			"北京市海淀区中关村大街27号",
			"27 Zhongguancun Street, Haidian District, Beijing",
			"Beijing Shi Haidian Qu Zhongguancun Dajie 27 Hao",
			"北京海淀区中关村27号",
		}},
		{"harbin|dazhixi|92", []string{
			"92 West Dazhi Street, Nangang District, Harbin, Heilongjiang 150001",
			"黑龙江省哈尔滨市南岗区西大直街92号",
			"Haerbin Shi Nangang Qu Dazhi Xi Jie 92 Hao",
		}},
		{"nanjing|zhongshandong|524", []string{
			"江苏省南京市秦淮区中山东路524号",
			"524 East Zhongshan Road, Qinhuai District, Nanjing, Jiangsu",
			"524 Zhongshan East Rd, Nanjing",
			"Nanjing Shi Zhongshan Dong Lu 524 Hao",
		}},
		{"xian|taibainan|2", []string{
			"陕西省西安市雁塔区太白南路2号",
			"2 South Taibai Road, Yanta District, Xi'an, Shaanxi",
		}},
		{"nanjing|xiaolingwei|200", []string{
			"南京市玄武区孝陵卫200号",
			"200 Xiaolingwei, Xuanwu District, Nanjing, Jiangsu",
		}},
		{"mianyang|mianshan|64", []string{
			"四川省绵阳市游仙区绵山路64号",
			"64 Mianshan Road, Youxian District, Mianyang, Sichuan 621000",
		}},
		{"guangzhou|tianhebei|233", []string{
			"广州市天河区天河北路233号中信广场58楼",
			"58/F, CITIC Plaza, 233 Tianhe North Road, Tianhe District, Guangzhou",
		}},
		{"xian|keji2|72", []string{
			"陕西省西安市雁塔区科技二路72号",
			"72 Keji 2nd Road, Yanta District, Xi'an, Shaanxi",
		}},
	}
	for _, g := range groups {
		for _, f := range g.forms {
			if k := Parse(f).Key(); k != g.key {
				t.Errorf("Key(%q) = %q, want %q", f, k, g.key)
			}
		}
	}
	// Neighbours and other streets must not collide.
	base := Parse("山东省济南市高新区浪潮路1036号")
	for _, other := range []string{
		"No. 1038 Langchao Road, Jinan",  // next plot
		"济南市浪潮路1038号",                    // next plot, Chinese
		"1036 Shunhua Road, Jinan",       // another street
		"青岛市浪潮路1036号",                    // another city
		"1036 Langchao East Road, Jinan", // 浪潮东路 is another street
		"济南市浪潮西路1036号",                   // and 浪潮西路 yet another
	} {
		o := Parse(other)
		if o.Key() == base.Key() {
			t.Errorf("Key(%q) = %q, the same as %q", other, o.Key(), base.Raw)
		}
	}
	if a, b := Parse("No. 1038 Langchao Road, Jinan"), base; a.StreetKey() != b.StreetKey() {
		t.Errorf("neighbours on one street: StreetKey %q vs %q", a.StreetKey(), b.StreetKey())
	}
}

func TestParseConcurrent(t *testing.T) {
	p, err := DefaultParser()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tc := range parseCases {
				got := p.Parse(tc.in)
				got.Raw = ""
				if got != tc.want {
					t.Errorf("Parse(%q) differs under concurrency", tc.in)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestParseBadInput(t *testing.T) {
	for _, in := range []string{
		"\xff\xfe浪潮路\xff1036号", "号号号", "路", "No.", "#", "Room", "---", "1036-", "-1036",
		"邮编", "(((", "北京北京北京北京", "Ｒｏｏｍ　３０１", "𠀀𠀁路1号", "\x00\x01",
	} {
		a := Parse(in) // must not panic
		if a.Raw != in {
			t.Errorf("Raw = %q, want %q", a.Raw, in)
		}
	}
	if a := Parse("\xff\xfe浪潮路\xff1036号"); a.Street != "langchao" || a.Number != "1036" {
		t.Errorf("invalid UTF-8 around a valid address: %+v", a)
	}
}

func BenchmarkParse(b *testing.B) {
	p, err := DefaultParser()
	if err != nil {
		b.Fatal(err)
	}
	inputs := make([]string, len(parseCases))
	for i, tc := range parseCases {
		inputs[i] = tc.in
	}
	for _, set := range []struct {
		name string
		in   []string
	}{
		{"chinese", []string{"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室"}},
		{"english", []string{"Room 301, 3/F, Block A, Inspur Building, 1036 Langchao Rd., Jinan, Shandong 250101, China"}},
		{"mix", inputs},
	} {
		b.Run(set.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				p.Parse(set.in[i%len(set.in)])
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "addresses/s")
		})
	}
}

package synth

import "strings"

// The tables below are the vocabulary the generator builds names and
// addresses from. Chinese cities, provinces and districts are real; every
// brand, road and company built from them is fictitious except the fixed
// news case (newscase.go). Pinyin is stored with each entry (checked by
// hand, tones dropped) so the generator needs no dictionary at run time and
// polyphones such as 重庆 Chongqing come out right.

// hanChar is one Han character with its pinyin syllable.
type hanChar struct {
	zh string
	py string
}

// brandChars is the pool distinctive brand and road names are drawn from:
// two characters each, so a few hundred characters give tens of thousands
// of brands.
var brandChars = parseHan(`
华hua 信xin 达da 创chuang 维wei 科ke 联lian 通tong 恒heng 瑞rui 博bo 源yuan 泰tai 鑫xin
盛sheng 宏hong 天tian 海hai 中zhong 新xin 兴xing 安an 德de 利li 嘉jia 丰feng 富fu 锐rui
智zhi 云yun 睿rui 星xing 辰chen 晨chen 东dong 方fang 正zheng 远yuan 大da 金jin 银yin 龙long
凤feng 腾teng 飞fei 宇yu 航hang 光guang 明ming 亮liang 辉hui 煌huang 永yong 立li 成cheng
功gong 赛sai 迪di 启qi 迅xun 捷jie 凯kai 威wei 力li 坤kun 乾qian 元yuan 亿yi 万wan 千qian
百bai 弘hong 志zhi 诚cheng 实shi 平ping 静jing 清qing 京jing 津jin 沪hu 粤yue 浙zhe 闽min
蜀shu 湘xiang 豫yu 鲁lu 晋jin 冀ji 辽liao 吉ji 松song 柏bai 林lin 森sen 木mu 水shui 石shi
玉yu 泽ze 润run 涵han 澜lan 波bo 涛tao 浩hao 瀚han 洋yang 江jiang 湖hu 山shan 峰feng 岭ling
川chuan 原yuan 野ye 田tian 园yuan 春chun 夏xia 秋qiu 冬dong 阳yang 晖hui 曦xi 旭xu 昊hao
昌chang 晟sheng 景jing 卓zhuo 越yue 超chao 群qun 英ying 杰jie 俊jun 豪hao 雄xiong 伟wei
奇qi 特te 优you 佳jia 美mei 丽li 雅ya 致zhi 精jing 微wei 芯xin 纳na 米mi 子zi 码ma 讯xun
电dian 磁ci 声sheng 图tu 视shi 像xiang 影ying 算suan 计ji 策ce 道dao 仁ren 义yi 礼li 忠zhong
勤qin 俭jian 朗lang 逸yi 扬yang 帆fan 舟zhou 桥qiao 港gang 湾wan 城cheng 邦bang 国guo
泓hong 渊yuan 汇hui 聚ju 众zhong 普pu 惠hui 康kang 宁ning 欣xin 悦yue 祥xiang 福fu 禄lu
寿shou 喜xi 鸿hong 鹏peng 鹰ying 骏jun 驰chi 骐qi 麟lin 虎hu 豹bao 熊xiong 象xiang 鼎ding
尚shang 品pin 典dian 雷lei 霆ting 风feng 雨yu 雪xue 霜shuang 蓝lan 青qing 紫zi 红hong
白bai 黄huang 橙cheng 晶jing 钻zuan 铭ming 锦jin 绣xiu 秀xiu 蔚wei 拓tuo 展zhan 开kai
领ling 先xian 锋feng 极ji 尖jian 端duan 高gao 深shen 广guang 厚hou 坚jian 固gu 强qiang
盾dun 卫wei 守shou 护hu 擎qing 柯ke 迈mai 谱pu 沃wo 赢ying 胜sheng 凌ling 霄xiao 翔xiang
翼yi 羽yu 麒qi 璟jing 琪qi 璞pu 琳lin 瑾jin 珑long 珂ke 奥ao 欧ou 爱ai 恩en 安an
`)

// parseHan parses "字pinyin" items separated by white space, dropping
// repeated characters.
func parseHan(s string) []hanChar {
	var out []hanChar
	seen := map[string]bool{}
	for _, f := range strings.Fields(s) {
		r := []rune(f)
		zh, py := string(r[:1]), string(r[1:])
		if seen[zh] {
			continue
		}
		seen[zh] = true
		out = append(out, hanChar{zh, py})
	}
	return out
}

// fixedBrand is a brand given whole rather than built from two characters:
// the generic brands shared by many companies and the brands of the news
// case. en holds English brands unrelated to the pinyin (Inspur for 浪潮);
// the first is the registered one.
type fixedBrand struct {
	zh, py string
	en     []string
}

// genericBrands are common, weakly distinctive brands: many unrelated
// companies in different cities carry them, which is what makes them hard.
var genericBrands = []fixedBrand{
	{"中科", "Zhongke", nil},
	{"华科", "Huake", nil},
	{"国信", "Guoxin", nil},
	{"中电", "Zhongdian", nil},
	{"东方", "Dongfang", nil},
	{"华信", "Huaxin", nil},
	{"中天", "Zhongtian", nil},
	{"新华", "Xinhua", nil},
}

// enPrefixes and enSuffixes make fictitious English brands (Veltrix,
// Corvana ...) for the companies that trade under a name unrelated to their
// Chinese one; enBrandZH gives each a Chinese brand.
var (
	enPrefixes = []string{"Vel", "Cor", "Nex", "Ast", "Zen", "Qua", "Ter", "Syn", "Lum", "Ori", "Hel", "Vor",
		"Tel", "Kry", "Bri", "Sol", "Arc", "Mer", "Pol", "Ven", "Cal", "Dyn", "Ev", "Fal", "Gal", "Hor", "Inf",
		"Jov", "Lex", "Mag", "Nov", "Omn", "Pyr", "Rad", "Sen", "Tri", "Ult", "Vis", "Xen", "Yot"}
	enSuffixes = []string{"trix", "vana", "ora", "ion", "tech", "sys", "nova", "lux", "gen", "tron", "ix",
		"ara", "ent", "ium", "ova", "yx", "ics", "eon", "ant", "ity", "onix", "ware", "data", "link", "path",
		"ris", "ida", "ex", "os", "ana"}
)

// industry is the industry phrase of a company name, in both scripts.
type industry struct {
	zh, py, en, abbr string
}

// industries used for generated companies. The last entries (from
// newsIndustryStart) belong to the news case and are not drawn at random.
var industries = []industry{
	{"信息技术", "Xinxi Jishu", "Information Technology", "Info Tech"},
	{"电子科技", "Dianzi Keji", "Electronic Technology", "Elec Tech"},
	{"网络科技", "Wangluo Keji", "Network Technology", "Network Tech"},
	{"计算机系统", "Jisuanji Xitong", "Computer Systems", "Computer Sys"},
	{"贸易", "Maoyi", "Trading", "Trading"},
	{"半导体", "Bandaoti", "Semiconductor", "Semicon"},
	{"智能装备", "Zhineng Zhuangbei", "Intelligent Equipment", "Intelligent Equip"},
	{"信息工程", "Xinxi Gongcheng", "Information Engineering", "Info Eng"},
	{"科技发展", "Keji Fazhan", "Science and Technology Development", "Sci & Tech Dev"},
	{"数据科技", "Shuju Keji", "Data Technology", "Data Tech"},
	{"软件", "Ruanjian", "Software", "Software"},
	{"系统集成", "Xitong Jicheng", "System Integration", "Sys Integration"},
	{"通信技术", "Tongxin Jishu", "Communication Technology", "Comm Tech"},
	{"光电科技", "Guangdian Keji", "Optoelectronic Technology", "Optoelec Tech"},
	{"仪器设备", "Yiqi Shebei", "Instruments and Equipment", "Instr & Equip"},
	{"国际贸易", "Guoji Maoyi", "International Trading", "Intl Trading"},
	{"微电子", "Weidianzi", "Microelectronics", "Microelec"},
	{"自动化", "Zidonghua", "Automation", "Automation"},
	{"智能科技", "Zhineng Keji", "Intelligent Technology", "Intelligent Tech"},
	{"云计算", "Yunjisuan", "Cloud Computing", "Cloud Computing"},
	{"精密机械", "Jingmi Jixie", "Precision Machinery", "Precision Mach"},
	{"新材料", "Xin Cailiao", "New Materials", "New Materials"},
	{"实业", "Shiye", "Industrial", "Industrial"},
	{"信息产业", "Xinxi Chanye", "Information Industry", "Info Industry"},
	{"电子信息产业", "Dianzi Xinxi Chanye", "Electronic Information Industry", "Elec Info Industry"},
	// news case only
	{"园林绿化", "Yuanlin Lvhua", "Garden Landscaping", "Garden Landscaping"},
	{"", "", "", ""}, // a group company's name has no industry phrase
}

// industry indices used by name.
const (
	indInfoTech    = 0
	indTrading     = 4
	indInfoEng     = 7
	indInfoInd     = 23
	indElecInfo    = 24
	indGarden      = 25
	indNone        = 26
	drawIndustries = 25 // industries[:drawIndustries] are drawn at random
)

// twinIndustry pairs industries whose names differ by one word, used for the
// near-identical-name hard case.
var twinIndustry = map[int]int{
	0: 7, 7: 0, // 信息技术 / 信息工程
	1: 18, 18: 1, // 电子科技 / 智能科技
	2: 9, 9: 2, // 网络科技 / 数据科技
	4: 15, 15: 4, // 贸易 / 国际贸易
}

// legalForm is a Chinese company legal form with its pinyin and English
// renderings; en[0] is the usual one.
type legalForm struct {
	zh, py string
	en     []string
}

// legalForms; lfGroup marks a group (holding) company.
var legalForms = []legalForm{
	{"有限公司", "Youxian Gongsi", []string{"Co., Ltd.", "Co., Ltd", "Co. Ltd.", "Co Ltd", "Company Limited", "Co., Limited", "CO., LTD.", "Ltd."}},
	{"股份有限公司", "Gufen Youxian Gongsi", []string{"Co., Ltd.", "Joint Stock Co., Ltd.", "Stock Co., Ltd.", "Company Limited", "Co Ltd", "Corp.", "Corporation"}},
	{"有限责任公司", "Youxian Zeren Gongsi", []string{"Co., Ltd.", "Limited Liability Company", "LLC", "Co Ltd", "Company Limited"}},
	{"集团有限公司", "Jituan Youxian Gongsi", []string{"Group Co., Ltd.", "Group Company Limited", "Group Co Ltd", "Group Corp.", "Group Ltd."}},
}

// legal form indices.
const (
	lfLimited = 0
	lfJoint   = 1
	lfLLC     = 2
	lfGroup   = 3
)

// foreignCountry is a country foreign suppliers are registered in, with the
// legal forms used there and a city for the address.
type foreignCountry struct {
	code, name string
	forms      []string
	cities     []string
	street     []string
}

var foreignCountries = []foreignCountry{
	{"DE", "Germany", []string{"GmbH", "AG", "GmbH & Co. KG"}, []string{"70173 Stuttgart", "80331 Munich", "01067 Dresden"}, []string{"Hauptstrasse", "Industriestrasse", "Bahnhofstrasse"}},
	{"US", "USA", []string{"Inc.", "Corp.", "LLC"}, []string{"San Jose, CA 95134", "Austin, TX 78701", "Boston, MA 02110"}, []string{"Technology Drive", "Main Street", "Innovation Way"}},
	{"HK", "Hong Kong", []string{"Limited", "Company Limited", "Ltd."}, []string{"Kowloon, Hong Kong", "Wan Chai, Hong Kong", "Sha Tin, Hong Kong"}, []string{"Nathan Road", "Hennessy Road", "Science Park Road"}},
	{"SG", "Singapore", []string{"Pte. Ltd.", "Pte Ltd"}, []string{"Singapore 018989", "Singapore 138632"}, []string{"Marina Boulevard", "Fusionopolis Way"}},
	{"NL", "Netherlands", []string{"B.V.", "N.V."}, []string{"5656 AE Eindhoven", "1012 AB Amsterdam"}, []string{"High Tech Campus", "Damrak"}},
}

// district is a district of a city, in both scripts.
type district struct{ zh, en string }

// city is a real Chinese city with its province, the division code that
// opens the credit codes registered there and its postal-code prefix.
type city struct {
	zh, en, py string // 哈尔滨, Harbin, Haerbin
	provZH     string // empty for the municipalities
	provEN     string
	adcode     string
	postal     string // first three digits
	districts  []district
}

// genericDistricts are development zones every city has.
var genericDistricts = []district{
	{"高新区", "Hi-tech Zone"},
	{"经济技术开发区", "Economic and Technological Development Zone"},
}

var cities = []city{
	{"北京", "Beijing", "Beijing", "", "", "110000", "100", []district{{"海淀区", "Haidian District"}, {"朝阳区", "Chaoyang District"}, {"昌平区", "Changping District"}, {"丰台区", "Fengtai District"}, {"大兴区", "Daxing District"}}},
	{"上海", "Shanghai", "Shanghai", "", "", "310000", "200", []district{{"浦东新区", "Pudong New Area"}, {"闵行区", "Minhang District"}, {"徐汇区", "Xuhui District"}, {"嘉定区", "Jiading District"}}},
	{"天津", "Tianjin", "Tianjin", "", "", "120000", "300", []district{{"滨海新区", "Binhai New Area"}, {"南开区", "Nankai District"}, {"西青区", "Xiqing District"}}},
	{"重庆", "Chongqing", "Chongqing", "", "", "500000", "400", []district{{"渝北区", "Yubei District"}, {"九龙坡区", "Jiulongpo District"}, {"江北区", "Jiangbei District"}}},
	{"广州", "Guangzhou", "Guangzhou", "广东", "Guangdong", "440100", "510", []district{{"天河区", "Tianhe District"}, {"黄埔区", "Huangpu District"}, {"番禺区", "Panyu District"}}},
	{"深圳", "Shenzhen", "Shenzhen", "广东", "Guangdong", "440300", "518", []district{{"南山区", "Nanshan District"}, {"福田区", "Futian District"}, {"龙岗区", "Longgang District"}, {"宝安区", "Bao'an District"}}},
	{"东莞", "Dongguan", "Dongguan", "广东", "Guangdong", "441900", "523", []district{{"松山湖", "Songshan Lake"}, {"南城街道", "Nancheng Subdistrict"}}},
	{"珠海", "Zhuhai", "Zhuhai", "广东", "Guangdong", "440400", "519", []district{{"香洲区", "Xiangzhou District"}, {"横琴新区", "Hengqin New Area"}}},
	{"杭州", "Hangzhou", "Hangzhou", "浙江", "Zhejiang", "330100", "310", []district{{"西湖区", "Xihu District"}, {"滨江区", "Binjiang District"}, {"余杭区", "Yuhang District"}}},
	{"宁波", "Ningbo", "Ningbo", "浙江", "Zhejiang", "330200", "315", []district{{"鄞州区", "Yinzhou District"}, {"北仑区", "Beilun District"}}},
	{"南京", "Nanjing", "Nanjing", "江苏", "Jiangsu", "320100", "210", []district{{"玄武区", "Xuanwu District"}, {"江宁区", "Jiangning District"}, {"雨花台区", "Yuhuatai District"}, {"栖霞区", "Qixia District"}}},
	{"苏州", "Suzhou", "Suzhou", "江苏", "Jiangsu", "320500", "215", []district{{"工业园区", "Industrial Park"}, {"虎丘区", "Huqiu District"}, {"吴中区", "Wuzhong District"}}},
	{"无锡", "Wuxi", "Wuxi", "江苏", "Jiangsu", "320200", "214", []district{{"滨湖区", "Binhu District"}, {"新吴区", "Xinwu District"}}},
	{"合肥", "Hefei", "Hefei", "安徽", "Anhui", "340100", "230", []district{{"蜀山区", "Shushan District"}, {"包河区", "Baohe District"}}},
	{"武汉", "Wuhan", "Wuhan", "湖北", "Hubei", "420100", "430", []district{{"洪山区", "Hongshan District"}, {"东湖新技术开发区", "East Lake High-tech Zone"}, {"江汉区", "Jianghan District"}}},
	{"长沙", "Changsha", "Changsha", "湖南", "Hunan", "430100", "410", []district{{"岳麓区", "Yuelu District"}, {"开福区", "Kaifu District"}, {"雨花区", "Yuhua District"}}},
	{"成都", "Chengdu", "Chengdu", "四川", "Sichuan", "510100", "610", []district{{"武侯区", "Wuhou District"}, {"锦江区", "Jinjiang District"}, {"郫都区", "Pidu District"}}},
	{"绵阳", "Mianyang", "Mianyang", "四川", "Sichuan", "510700", "621", []district{{"涪城区", "Fucheng District"}, {"游仙区", "Youxian District"}}},
	{"西安", "Xi'an", "Xi'an", "陕西", "Shaanxi", "610100", "710", []district{{"雁塔区", "Yanta District"}, {"碑林区", "Beilin District"}, {"未央区", "Weiyang District"}}},
	{"哈尔滨", "Harbin", "Haerbin", "黑龙江", "Heilongjiang", "230100", "150", []district{{"南岗区", "Nangang District"}, {"道里区", "Daoli District"}, {"香坊区", "Xiangfang District"}}},
	{"沈阳", "Shenyang", "Shenyang", "辽宁", "Liaoning", "210100", "110", []district{{"浑南区", "Hunnan District"}, {"皇姑区", "Huanggu District"}}},
	{"大连", "Dalian", "Dalian", "辽宁", "Liaoning", "210200", "116", []district{{"甘井子区", "Ganjingzi District"}, {"沙河口区", "Shahekou District"}}},
	{"长春", "Changchun", "Changchun", "吉林", "Jilin", "220100", "130", []district{{"朝阳区", "Chaoyang District"}, {"南关区", "Nanguan District"}}},
	{"济南", "Jinan", "Jinan", "山东", "Shandong", "370100", "250", []district{{"历下区", "Lixia District"}, {"槐荫区", "Huaiyin District"}, {"市中区", "Shizhong District"}}},
	{"青岛", "Qingdao", "Qingdao", "山东", "Shandong", "370200", "266", []district{{"崂山区", "Laoshan District"}, {"黄岛区", "Huangdao District"}, {"市南区", "Shinan District"}}},
	{"郑州", "Zhengzhou", "Zhengzhou", "河南", "Henan", "410100", "450", []district{{"金水区", "Jinshui District"}, {"中原区", "Zhongyuan District"}}},
	{"太原", "Taiyuan", "Taiyuan", "山西", "Shanxi", "140100", "030", []district{{"小店区", "Xiaodian District"}, {"迎泽区", "Yingze District"}}},
	{"石家庄", "Shijiazhuang", "Shijiazhuang", "河北", "Hebei", "130100", "050", []district{{"长安区", "Chang'an District"}, {"裕华区", "Yuhua District"}}},
	{"南昌", "Nanchang", "Nanchang", "江西", "Jiangxi", "360100", "330", []district{{"红谷滩区", "Honggutan District"}, {"青山湖区", "Qingshanhu District"}}},
	{"福州", "Fuzhou", "Fuzhou", "福建", "Fujian", "350100", "350", []district{{"鼓楼区", "Gulou District"}, {"仓山区", "Cangshan District"}}},
	{"厦门", "Xiamen", "Xiamen", "福建", "Fujian", "350200", "361", []district{{"思明区", "Siming District"}, {"湖里区", "Huli District"}}},
	{"昆明", "Kunming", "Kunming", "云南", "Yunnan", "530100", "650", []district{{"五华区", "Wuhua District"}, {"盘龙区", "Panlong District"}}},
	{"贵阳", "Guiyang", "Guiyang", "贵州", "Guizhou", "520100", "550", []district{{"观山湖区", "Guanshanhu District"}, {"云岩区", "Yunyan District"}}},
	{"南宁", "Nanning", "Nanning", "广西", "Guangxi", "450100", "530", []district{{"青秀区", "Qingxiu District"}, {"西乡塘区", "Xixiangtang District"}}},
	{"兰州", "Lanzhou", "Lanzhou", "甘肃", "Gansu", "620100", "730", []district{{"城关区", "Chengguan District"}, {"七里河区", "Qilihe District"}}},
	{"乌鲁木齐", "Urumqi", "Wulumuqi", "新疆", "Xinjiang", "650100", "830", []district{{"天山区", "Tianshan District"}, {"新市区", "Xinshi District"}}},
	{"呼和浩特", "Hohhot", "Huhehaote", "内蒙古", "Inner Mongolia", "150100", "010", []district{{"赛罕区", "Saihan District"}, {"新城区", "Xincheng District"}}},
	{"银川", "Yinchuan", "Yinchuan", "宁夏", "Ningxia", "640100", "750", []district{{"金凤区", "Jinfeng District"}, {"兴庆区", "Xingqing District"}}},
	{"海口", "Haikou", "Haikou", "海南", "Hainan", "460100", "570", []district{{"龙华区", "Longhua District"}, {"美兰区", "Meilan District"}}},
	{"佛山", "Foshan", "Foshan", "广东", "Guangdong", "440600", "528", []district{{"南海区", "Nanhai District"}, {"顺德区", "Shunde District"}}},
}

// city indices used by name.
const (
	cityBeijing = 0
	cityJinan   = 23
)

// roadSuffix is the last part of a road name.
type roadSuffix struct{ zh, en, enShort string }

var roadSuffixes = []roadSuffix{
	{"路", "Road", "Rd."},
	{"街", "Street", "St."},
	{"大道", "Avenue", "Ave."},
	{"东路", "East Road", "E. Rd."},
	{"西路", "West Road", "W. Rd."},
	{"南路", "South Road", "S. Rd."},
	{"北路", "North Road", "N. Rd."},
	{"中路", "Middle Road", "Middle Rd."},
}

// buyerType is a kind of ordinary (non-defense) public buyer. "%s" is the
// city; numbered types take an ordinal as well.
type buyerType struct {
	en, zh   string
	numbered int // how many ordinals exist per city; 0 if not numbered
}

var buyerTypes = []buyerType{
	{"{c} Normal University", "{z}师范大学", 0},
	{"{c} University of Finance and Economics", "{z}财经大学", 0},
	{"{c} Medical University", "{z}医科大学", 0},
	{"{c} Vocational and Technical College", "{z}职业技术学院", 0},
	{"{c} Municipal Bureau of Education", "{z}市教育局", 0},
	{"{c} Big Data Administration", "{z}市大数据管理局", 0},
	{"{c} Public Resources Trading Center", "{z}市公共资源交易中心", 0},
	{"{c} Meteorological Bureau", "{z}市气象局", 0},
	{"{c} Center for Disease Control and Prevention", "{z}市疾病预防控制中心", 0},
	{"{c} Rail Transit Group Co., Ltd.", "{z}市轨道交通集团有限公司", 0},
	{"{c} Water Supply Co., Ltd.", "{z}市自来水有限公司", 0},
	{"{c} Radio and Television Station", "{z}广播电视台", 0},
	{"{c} Municipal Library", "{z}市图书馆", 0},
	{"{c} No. {n} People's Hospital", "{z}市第{N}人民医院", 8},
	{"{c} No. {n} Middle School", "{z}市第{N}中学", 30},
	{"{c} Hospital of Traditional Chinese Medicine", "{z}市中医院", 0},
	{"{c} Housing Provident Fund Management Center", "{z}住房公积金管理中心", 0},
}

// zhNumerals writes 1..99 in Chinese.
func zhNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	default:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
}

// school is a school or laboratory of a university, for buyer mentions
// that name the unit rather than the university.
type school struct{ en, zh string }

var schools = []school{
	{"School of Astronautics", "航天学院"},
	{"School of Computer Science and Technology", "计算机科学与技术学院"},
	{"School of Electronic Information Engineering", "电子信息工程学院"},
	{"School of Materials Science and Engineering", "材料科学与工程学院"},
	{"School of Mechanical Engineering", "机械工程学院"},
	{"School of Automation", "自动化学院"},
	{"School of Energy and Power Engineering", "能源与动力工程学院"},
	{"School of Physics", "物理学院"},
	{"School of Cyber Science and Technology", "网络空间安全学院"},
	{"Network and Information Center", "网络与信息中心"},
	{"High Performance Computing Center", "高性能计算中心"},
}

// keyLabSubjects name the (fictitious for each university) key laboratories.
var keyLabSubjects = []school{
	{"Computer Architecture", "计算机体系结构"},
	{"Millimeter Waves", "毫米波"},
	{"Radar Signal Processing", "雷达信号处理"},
	{"High Performance Computing", "高性能计算"},
	{"Intelligent Control and Decision", "智能控制与决策"},
	{"Complex Electromagnetic Environment Effects", "复杂电磁环境效应"},
	{"Advanced Welding and Joining", "先进焊接与连接"},
	{"Software Development Environment", "软件开发环境"},
	{"Integrated Services Networks", "综合业务网理论及关键技术"},
}

// instituteUnits are units of a research institute or group that buy under
// their own name.
var instituteUnits = []school{
	{"Procurement Center", "采购中心"},
	{"Information Center", "信息中心"},
	{"Computing Center", "计算中心"},
}

// items bought in the notices.
var items = []string{
	"服务器", "Rack server", "GPU compute node", "network switch", "机架式服务器", "高性能计算集群",
	"GPU服务器", "存储设备", "Storage array", "交换机", "刀片服务器", "Blade server", "工作站",
	"Workstation", "防火墙", "Firewall appliance", "AI training server", "超融合一体机",
	"计算节点扩容", "HPC cluster expansion", "数据中心设备", "UPS电源", "Optical transceivers",
	"示波器", "Oscilloscope", "FPGA开发板", "信号源", "频谱分析仪", "Spectrum analyzer",
}

// ocrConfusions are Han characters OCR or hurried typing confuses with a
// similar-looking one: 研究 -> 研宄, 责任 -> 贵任.
var ocrConfusions = map[rune]rune{
	'究': '宄', '责': '贵', '技': '枝', '科': '料', '司': '可', '份': '分', '术': '木',
	'设': '没', '讯': '迅', '网': '冈', '络': '给', '程': '呈', '限': '垠', '息': '患',
	'电': '由', '业': '亚', '贸': '资', '易': '昜', '理': '埋',
}

// ocrKeys lists ocrConfusions' keys in a fixed order so no code iterates the
// map.
var ocrKeys = []rune{'究', '责', '技', '科', '司', '份', '术', '设', '讯', '网', '络', '程', '限', '息', '电', '业', '贸', '易', '理'}

// abbreviations shorten English name words.
var abbreviations = []struct{ long, short string }{
	{"Technology", "Tech"},
	{"Information", "Info"},
	{"International", "Intl"},
	{"Corporation", "Corp"},
	{"Electronic", "Elec"},
	{"Science", "Sci"},
	{"Development", "Dev"},
	{"Company", "Co"},
	{"Limited", "Ltd"},
	{"Engineering", "Eng"},
	{"Equipment", "Equip"},
	{"Systems", "Sys"},
	{"Industry", "Ind"},
}

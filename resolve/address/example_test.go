package address_test

import (
	"fmt"

	"github.com/sightline/sightline/resolve/address"
)

// The same plot written in Chinese and in English gets the same key.
func Example() {
	p, err := address.DefaultParser()
	if err != nil {
		panic(err)
	}
	zh := p.Parse("山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室")
	en := p.Parse("Room 501, 5/F, Inspur Building, No. 1036 Langchao Rd., Hi-Tech Zone, Jinan 250101, China")
	fmt.Println(zh.Key())
	fmt.Println(en.Key())
	fmt.Println(zh.Specificity())
	fmt.Println(en.Canonical())
	// Output:
	// jinan|langchao|1036
	// jinan|langchao|1036
	// country+province+city+district+street+number+building
	// room 501, floor 5, inspur building, no 1036 langchao road, gaoxin district, jinan city, shandong province, postcode 250101, china
}

package lake

import "time"

// The row types below are the default Parquet layout of each input dataset,
// with the column names of DESIGN.md. Ingest does not require them (the job
// file maps other column names and accepts compatible physical types); the
// generator writes them and tests use them to build fixtures.

// ProcurementRow is one award notice: a buyer bought from a supplier.
type ProcurementRow struct {
	NoticeID        string    `parquet:"notice_id"`
	PublishedAt     time.Time `parquet:"published_at,timestamp(millisecond)"`
	BuyerName       string    `parquet:"buyer_name,optional"`
	BuyerAddress    string    `parquet:"buyer_address,optional"`
	BuyerID         string    `parquet:"buyer_id,optional"`
	SupplierName    string    `parquet:"supplier_name,optional"`
	SupplierAddress string    `parquet:"supplier_address,optional"`
	SupplierID      string    `parquet:"supplier_id,optional"`
	Item            string    `parquet:"item,optional"`
	Amount          float64   `parquet:"amount"`
	Currency        string    `parquet:"currency,optional"`
	Country         string    `parquet:"country,optional"`
	SourceURL       string    `parquet:"source_url,optional"`
}

// CustomerRow is one record of the vendor's customer master.
type CustomerRow struct {
	CustomerID string `parquet:"customer_id"`
	Name       string `parquet:"name,optional"`
	Address    string `parquet:"address,optional"`
	Country    string `parquet:"country,optional"`
	TaxID      string `parquet:"tax_id,optional"`
}

// ListRow is one screening-list entry. AltNames and Addresses are lists; a
// dataset may instead hold them as one ';'-separated string.
type ListRow struct {
	EntryID               string   `parquet:"entry_id"`
	Name                  string   `parquet:"name"`
	AltNames              []string `parquet:"alt_names,list"`
	Addresses             []string `parquet:"addresses,list"`
	Country               string   `parquet:"country,optional"`
	Source                string   `parquet:"source,optional"`
	FederalRegisterNotice string   `parquet:"federal_register_notice,optional"`
	StartDate             string   `parquet:"start_date,optional"`
}

// LabRow is one defense-linked institution of a user's reference file.
type LabRow struct {
	ID       string   `parquet:"id"`
	Name     string   `parquet:"name"`
	AltNames []string `parquet:"alt_names,list"`
	Address  string   `parquet:"address,optional"`
	Category string   `parquet:"category,optional"`
}

// RelationRow is one business link between two named parties.
type RelationRow struct {
	FromName string `parquet:"from_name"`
	ToName   string `parquet:"to_name"`
	Relation string `parquet:"relation"`
	Source   string `parquet:"source,optional"`
}

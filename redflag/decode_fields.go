package redflag

// This file maps the OCDS members that the indicators read onto Release.

func (d *releaseDecoder) release(r *Release) error {
	if _, err := d.enter('{'); err != nil {
		return err
	}
	for {
		name, ok, err := d.member()
		if !ok || err != nil {
			return err
		}
		switch string(name) {
		case "ocid":
			r.OCID, err = d.text()
		case "tender":
			r.Tender, err = d.tender()
		case "buyer":
			r.BuyerID, err = d.id()
		case "bids":
			r.Bids, r.BidsValid, err = d.bids()
		case "awards":
			r.Awards, r.AwardsValid, err = d.awards()
		default:
			err = d.dec.SkipValue()
		}
		if err != nil {
			return err
		}
	}
}

func (d *releaseDecoder) tender() (*Tender, error) {
	ok, err := d.enter('{')
	if !ok || err != nil {
		return nil, err
	}
	t := &Tender{}
	for {
		name, ok, err := d.member()
		if !ok || err != nil {
			return t, err
		}
		switch string(name) {
		case "status":
			t.Status, err = d.text()
		case "procurementMethod":
			t.ProcurementMethod, err = d.text()
		case "procurementMethodDetails":
			t.ProcurementMethodDetails, err = d.text()
		case "numberOfTenderers":
			t.NumberOfTenderers, err = d.number()
		case "tenderPeriod":
			t.StartDate, t.EndDate, err = d.period()
		case "procuringEntity":
			t.ProcuringEntityID, err = d.id()
		default:
			err = d.dec.SkipValue()
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *releaseDecoder) period() (start, end Text, err error) {
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			switch string(name) {
			case "startDate":
				start, err = d.text()
			case "endDate":
				end, err = d.text()
			default:
				err = d.dec.SkipValue()
			}
		}
	}
	return start, end, err
}

// bids reads /bids and returns its details array.
func (d *releaseDecoder) bids() (details []Bid, valid bool, err error) {
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			if string(name) == "details" {
				details, valid, err = d.details()
			} else {
				err = d.dec.SkipValue()
			}
		}
	}
	if err != nil {
		return nil, false, err
	}
	return details, valid, nil
}

func (d *releaseDecoder) details() ([]Bid, bool, error) {
	return array(d, func() (b Bid, err error) { err = d.bid(&b); return b, err })
}

func (d *releaseDecoder) bid(b *Bid) error {
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			switch string(name) {
			case "status":
				b.Status, err = d.text()
			case "date":
				b.Date, err = d.text()
			case "tenderers":
				b.Tenderers, b.TenderersValid, err = d.ids()
			case "value":
				b.Amount, b.AmountValid, b.Currency, err = d.value()
			default:
				err = d.dec.SkipValue()
			}
		}
	}
	return err
}

func (d *releaseDecoder) value() (amount float64, valid bool, currency Text, err error) {
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			switch string(name) {
			case "amount":
				amount, valid, err = d.amount()
			case "currency":
				currency, err = d.text()
			default:
				err = d.dec.SkipValue()
			}
		}
	}
	return amount, valid, currency, err
}

func (d *releaseDecoder) awards() ([]Award, bool, error) {
	return array(d, func() (a Award, err error) { err = d.award(&a); return a, err })
}

func (d *releaseDecoder) award(a *Award) error {
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			switch string(name) {
			case "status":
				a.Status, err = d.text()
			case "suppliers":
				a.Suppliers, a.SuppliersValid, err = d.ids()
			case "items":
				a.ItemClassifications, a.ItemsValid, err = d.items()
			default:
				err = d.dec.SkipValue()
			}
		}
	}
	return err
}

// items reads items[] and returns each item's classification.id.
func (d *releaseDecoder) items() ([]Text, bool, error) {
	return array(d, func() (code Text, err error) {
		ok, err := d.enter('{')
		for ok && err == nil {
			var name []byte
			if name, ok, err = d.member(); ok && err == nil {
				if string(name) == "classification" {
					code, err = d.id()
				} else {
					err = d.dec.SkipValue()
				}
			}
		}
		return code, err
	})
}

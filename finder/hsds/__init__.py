"""Open Referral HSDS 3.0: finder's approved public providers in the Human Services Data Specification."""

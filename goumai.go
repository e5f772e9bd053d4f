// Package goumai holds the domain of government purchase of services (政府购买服务):
// regions, organisations and their eligibility, users and roles, the authorisation
// policy, events, the error type and the clock. It imports neither net/http nor
// database/sql; adapters live in sub-packages named after their technology
// (sqlstore, translog, web, ocds) and are wired together only in cmd/goumai.
package goumai

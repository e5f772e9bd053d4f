package web

func (s *Server) performancePageRoutes(rt *router) {}

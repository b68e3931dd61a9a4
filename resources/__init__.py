"""Guidance, tools and case studies: the library of the Hub."""

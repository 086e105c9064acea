"""The demo world: a coffee roaster, its customers and weeks of talk, generated from a seed.

Tests build their cast (Ada, Ben, Cleo) with the same generators, so the demo and the tests
describe one world.
"""

package properties

import "tcpcheck/segment"

func synFlags() segment.Flags { return segment.SYN }
func ackFlags() segment.Flags { return segment.ACK }
